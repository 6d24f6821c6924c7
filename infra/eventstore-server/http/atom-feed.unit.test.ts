import { describe, expect, test } from 'vitest';
import type { EventRecord, ResolvedEvent } from '../store/records.ts';
import { streamFeed } from './atom-feed.ts';

const base = 'http://127.0.0.1:2113';
const event = (revision: number): ResolvedEvent => {
  const record: EventRecord = {
    position: revision * 100,
    stream: 'order-1',
    revision,
    id: `00000000-0000-4000-8000-${String(revision).padStart(12, '0')}`,
    type: 'OrderPlaced',
    isJson: true,
    tombstone: false,
    createdMs: Date.UTC(2026, 0, 1, 0, 0, revision),
    data: Buffer.from('{}'),
    metadata: Buffer.alloc(0),
  };
  return { event: record, link: undefined };
};
const relations = (links: readonly { uri: string; relation: string }[]) =>
  Object.fromEntries(links.map((link) => [link.relation, link.uri.slice(base.length)]));

// KurrentDB's feed links (Convert.ToStreamEventBackwardFeed / ForwardFeed): `first` is the head,
// `last` the start, `next` goes to older events, `previous` to newer ones.
describe('an Atom feed page of a stream', () => {
  test('given the head page of a stream of 30 events read backward by 20, then it links older and newer pages', () => {
    const events = Array.from({ length: 20 }, (_, i) => event(29 - i));
    const feed = streamFeed(
      base,
      {
        stream: 'order-1',
        direction: 'backward',
        from: 29,
        count: 20,
        events,
        lastEventNumber: 29,
        headOfStream: true,
      },
      'none',
    );
    expect(relations(feed.links)).toEqual({
      self: '/streams/order-1',
      first: '/streams/order-1/head/backward/20',
      last: '/streams/order-1/0/forward/20',
      next: '/streams/order-1/9/backward/20',
      previous: '/streams/order-1/30/forward/20',
      metadata: '/streams/order-1/metadata',
    });
    expect(feed.entries[0]?.title).toBe('29@order-1');
    expect(feed.eTag).toBe('29;atom+json');
  });

  test('given a forward page from the start, then its entries are newest first and it has no older page', () => {
    const feed = streamFeed(
      base,
      {
        stream: 'order-1',
        direction: 'forward',
        from: 0,
        count: 2,
        events: [event(0), event(1)],
        lastEventNumber: 5,
        headOfStream: false,
      },
      'body',
    );
    expect(feed.entries.map((entry) => entry.title)).toEqual(['1@order-1', '0@order-1']);
    expect(relations(feed.links)).toEqual({
      self: '/streams/order-1',
      first: '/streams/order-1/head/backward/2',
      previous: '/streams/order-1/2/forward/2',
      metadata: '/streams/order-1/metadata',
    });
    expect(feed.entries[0]).toMatchObject({ eventNumber: 1, data: '{}', isJson: true });
    expect(feed.eTag).toBeUndefined();
  });

  test('given a stream name that needs escaping, then its links escape it', () => {
    const feed = streamFeed(
      base,
      {
        stream: '$ce-order',
        direction: 'backward',
        from: -1,
        count: 20,
        events: [],
        lastEventNumber: -1,
        headOfStream: true,
      },
      'none',
    );
    expect(feed.selfUrl).toBe(`${base}/streams/%24ce-order`);
  });
});
