import { randomUUID } from 'node:crypto';
import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  StreamNotFoundError,
  binaryEvent,
  jsonEvent,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectClient, disposeClient, uniqueName } from './client.ts';
import { numberedEvents, range, seqOf } from './events.ts';
import { readRevisions, readStream, recorded } from './read.ts';
import { rejectionOf } from './rejection.ts';

const revisions = (from: number, to: number): bigint[] => {
  const step = from <= to ? 1 : -1;
  return range(Math.abs(to - from) + 1).map((offset) => BigInt(from + step * offset));
};

const bytes = (value: unknown): number[] => {
  if (!(value instanceof Uint8Array)) throw new Error(`expected bytes, got ${typeof value}`);
  return Array.from(value);
};

// Reading a stream, as documented in "Reading events" (developers.eventstore.com, gRPC clients):
// forwards or backwards, from start, end or a revision, with maxCount; StreamNotFound.
describe('reading a stream', () => {
  let client: EventStoreDBClient;
  const stream = uniqueName('read');
  beforeAll(async () => {
    client = connectClient();
    await client.appendToStream(stream, numberedEvents(10));
  });
  afterAll(() => disposeClient(client));

  test('forwards from the start returns every event, oldest first', async () => {
    const events = await readStream(client, stream, { fromRevision: START, direction: FORWARDS });
    expect(events.map(seqOf)).toEqual(range(10));
    expect(events.map((resolved) => recorded(resolved).revision)).toEqual(revisions(0, 9));
  });

  test('forwards from a revision starts at that revision', async () => {
    expect(await readRevisions(client, stream, { fromRevision: 3n })).toEqual(revisions(3, 9));
  });

  test('maxCount limits how many events a read returns', async () => {
    expect(await readRevisions(client, stream, { maxCount: 3 })).toEqual(revisions(0, 2));
    expect(await readRevisions(client, stream, { fromRevision: 5n, maxCount: 2 })).toEqual(
      revisions(5, 6),
    );
    expect(await readRevisions(client, stream, { fromRevision: 8n, maxCount: 50 })).toEqual(
      revisions(8, 9),
    );
  });

  test('forwards from past the last revision returns nothing', async () => {
    expect(await readRevisions(client, stream, { fromRevision: 10n })).toEqual([]);
  });

  test('backwards from the end returns every event, newest first', async () => {
    const options = { direction: BACKWARDS, fromRevision: END } as const;
    expect(await readRevisions(client, stream, options)).toEqual(revisions(9, 0));
    // "Read backwards one event" is how the docs find the last revision of a stream.
    expect(await readRevisions(client, stream, { ...options, maxCount: 1 })).toEqual([9n]);
  });

  test('backwards from a revision starts at that revision', async () => {
    const options = { direction: BACKWARDS, fromRevision: 4n } as const;
    expect(await readRevisions(client, stream, options)).toEqual(revisions(4, 0));
    expect(await readRevisions(client, stream, { ...options, maxCount: 2 })).toEqual([4n, 3n]);
  });

  test('a stream never written to is StreamNotFoundError, in either direction', async () => {
    const missing = uniqueName('missing');
    const forwards = await rejectionOf(readStream(client, missing), StreamNotFoundError);
    expect(forwards.streamName).toBe(missing);
    await rejectionOf(
      readStream(client, missing, { direction: BACKWARDS, fromRevision: END }),
      StreamNotFoundError,
    );
  });

  test('events read back carry what was written and when', async () => {
    const fields = uniqueName('fields');
    const jsonId = randomUUID();
    const binaryId = randomUUID();
    const before = Date.now();
    await client.appendToStream(fields, [
      jsonEvent({
        id: jsonId,
        type: 'OrderPlaced',
        data: { orderId: 'o-1', lines: [{ sku: 'SKU-1', quantity: 2 }] },
        metadata: { $correlationId: 'c-1', actor: 'alice' },
      }),
      binaryEvent({
        id: binaryId,
        type: 'BlobStored',
        data: Uint8Array.from([0, 1, 2, 250, 255]),
        metadata: Uint8Array.from([0xff, 0x00, 0x7f]),
      }),
    ]);
    const after = Date.now();
    const [json, binary] = (await readStream(client, fields)).map(recorded);
    if (json === undefined || binary === undefined) throw new Error(`${fields} reads back short`);

    expect(json.streamId).toBe(fields);
    expect(json.id).toBe(jsonId);
    expect(json.type).toBe('OrderPlaced');
    expect(json.revision).toBe(0n);
    expect(json.isJson).toBe(true);
    expect(json.data).toEqual({ orderId: 'o-1', lines: [{ sku: 'SKU-1', quantity: 2 }] });
    expect(json.metadata).toEqual({ $correlationId: 'c-1', actor: 'alice' });

    expect(binary.id).toBe(binaryId);
    expect(binary.type).toBe('BlobStored');
    expect(binary.revision).toBe(1n);
    expect(binary.isJson).toBe(false);
    expect(bytes(binary.data)).toEqual([0, 1, 2, 250, 255]);
    expect(bytes(binary.metadata)).toEqual([0xff, 0x00, 0x7f]);

    // "created" is the server's clock; allow a minute of skew against ours, not more.
    for (const event of [json, binary]) {
      expect(event.created.getTime()).toBeGreaterThanOrEqual(before - 60_000);
      expect(event.created.getTime()).toBeLessThanOrEqual(after + 60_000);
    }
  });
});
