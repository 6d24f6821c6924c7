import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFileLog } from '../log/file-log.ts';
import { ExpectedVersion, type EventRecord, type ProposedEvent } from './records.ts';
import { readStream } from './reads.ts';
import { Store } from './store.ts';
import { StoredRecord } from './stored-record.ts';

const silent = pino({ level: 'silent' });
const event = (n: number): ProposedEvent => ({
  id: randomUUID(),
  type: n % 2 === 0 ? 'OrderPlaced' : 'OrderConfirmed',
  isJson: true,
  data: Buffer.from(JSON.stringify({ n, text: 'é'.repeat(n % 50) })),
  metadata: Buffer.from(JSON.stringify({ $correlationId: `c-${String(n)}` })),
});
const read = (store: Store, stream: string): EventRecord[] => {
  const result = readStream(store, stream, {
    from: 'start',
    direction: 'forwards',
    maxCount: 10_000,
    resolveLinks: false,
  });
  if (result.kind !== 'ok') throw new Error(`read ${stream}: ${result.kind}`);
  return result.events.flatMap((e) => (e.event === undefined ? [] : [e.event]));
};
const payloads = (records: readonly EventRecord[]) =>
  records.map((r) => [r.type, r.data.toString(), r.metadata.toString()]);

describe('store payloads: given a store over a file, once its events were committed', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'payload-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const open = async () => {
    const opened = await openFileLog(dir, silent);
    return new Store(opened.log, opened.records);
  };
  // The store lets go of committed payloads at the next turn of the event loop.
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

  it('reads every event back from the log as written, before and after a reopen', async () => {
    const store = await open();
    const written = Array.from({ length: 300 }, (_, n) => event(n));
    for (let n = 0; n < written.length; n += 7) {
      await store.append(
        `order-${String((n / 7) % 5)}`,
        ExpectedVersion.any,
        written.slice(n, n + 7),
      );
    }
    const expected = (stream: string) =>
      written
        .filter((_, n) => Math.floor(n / 7) % 5 === Number(stream.slice(-1)))
        .map((e) => [e.type, Buffer.from(e.data).toString(), Buffer.from(e.metadata).toString()]);
    const held = () => store.all.filter((r) => r instanceof StoredRecord && r.inMemory).length;
    expect(held()).toBeGreaterThan(0);
    await nextTurn();
    expect(held()).toBe(0);
    for (const stream of ['order-0', 'order-3']) {
      expect(payloads(read(store, stream))).toEqual(expected(stream));
    }
    await store.close();

    const reopened = await open();
    for (const stream of ['order-0', 'order-3']) {
      expect(payloads(read(reopened, stream))).toEqual(expected(stream));
    }
    // Events read back share one copy of each stream's and type's name.
    const [first, second] = read(reopened, 'order-0');
    expect(first?.stream).toBe(second?.stream);
    await reopened.close();
  });

  it('still honours stream metadata it no longer holds in memory (a soft delete)', async () => {
    const store = await open();
    await store.append('order-1', ExpectedVersion.any, [event(1), event(2)]);
    await store.softDelete('order-1', ExpectedVersion.any);
    await store.append('order-2', ExpectedVersion.any, [event(3)]);
    await nextTurn();
    expect(() => read(store, 'order-1')).toThrow(/not-found|deleted/);
    await store.append('order-1', ExpectedVersion.any, [event(4)]);
    expect(payloads(read(store, 'order-1')).map(([, data]) => data)).toEqual([
      Buffer.from(event(4).data).toString(),
    ]);
    await store.close();
  });
});
