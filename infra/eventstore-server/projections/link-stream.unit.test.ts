import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../store/records.ts';
import { LinkStream } from './link-stream.ts';

const record = (stream: string, revision: number, type = 'OrderPlaced'): EventRecord => ({
  position: 1000 + revision,
  stream,
  revision,
  id: `00000000-0000-4000-8000-${String(revision).padStart(12, '0')}`,
  type,
  isJson: true,
  tombstone: false,
  createdMs: Date.parse('2026-12-07T10:00:00Z'),
  data: Buffer.from('{}'),
  metadata: Buffer.alloc(0),
});
const stamp = (target: EventRecord) => `{"at":${String(target.createdMs)}}`;
const seen = (link: EventRecord | undefined) =>
  link && {
    stream: link.stream,
    revision: link.revision,
    type: link.type,
    position: link.position,
    data: link.data.toString(),
    metadata: link.metadata.toString(),
  };

describe('link stream: given links added to it, when they are read', () => {
  it('builds each link from its target: revision, position, "revision@stream" and metadata', () => {
    const links = new LinkStream('$bc-1', '$by_correlation_id', { type: '$>', metadata: stamp });
    const targets = [record('order-1', 0), record('payment-1', 3)];
    for (const target of targets) {
      links.link('$by_correlation_id', target, {
        stream: '$bc-1',
        type: '$>',
        data: `${String(target.revision)}@${target.stream}`,
        metadata: stamp,
      });
    }
    expect(links.length).toBe(2);
    expect(links.committed).toBe(2);
    expect(seen(links.at(1))).toEqual({
      stream: '$bc-1',
      revision: 1,
      type: '$>',
      position: 1003,
      data: '3@payment-1',
      metadata: stamp(record('payment-1', 3)),
    });
    expect(links.at(2)).toBeUndefined();
  });

  it('keeps whole a link whose data is not the usual one, and an event a client appended', () => {
    const links = new LinkStream('$ce-order', '$by_category', { type: '$>' });
    links.link('$by_category', record('order-1', 0), {
      stream: '$ce-order',
      type: '$>',
      data: '0@order-1',
    });
    // A `$>` event in a categorised stream is linked to what it points at.
    const userLink = { ...record('order-2', 0, '$>'), data: Buffer.from('7@elsewhere') };
    links.link('$by_category', userLink, { stream: '$ce-order', type: '$>', data: '7@elsewhere' });
    links.push(record('$ce-order', 2, 'Written'));
    links.committed++;
    expect([0, 1, 2].map((n) => [links.at(n)?.type, links.at(n)?.data.toString()])).toEqual([
      ['$>', '0@order-1'],
      ['$>', '7@elsewhere'],
      ['Written', '{}'],
    ]);
    expect(links.lastRevision).toBe(2);
  });
});
