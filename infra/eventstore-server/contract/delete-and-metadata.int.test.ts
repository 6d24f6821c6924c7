import {
  BACKWARDS,
  END,
  NO_STREAM,
  START,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectClient, disposeClient, uniqueName } from './client.ts';
import { collectUntil } from './collect.ts';
import { isEvent, markerEvent, numberedEvents, range, seqOf } from './events.ts';
import { headOfAll, readAllForwards, readRevisions, readStream, recorded } from './read.ts';
import { rejectionOf } from './rejection.ts';
import { sleep } from './wait.ts';

// Deleting and stream metadata, as documented in "Event streams" (server docs: soft delete and
// TruncateBefore, hard delete, max count and max age, `$$` metadata streams, `$` system names)
// and "Deleting events" (gRPC clients).
describe('deleting streams', () => {
  let client: EventStoreDBClient;
  beforeAll(() => {
    client = connectClient();
  });
  afterAll(() => disposeClient(client));

  test('a soft-deleted stream reads as not found; $all keeps its events', async () => {
    const stream = uniqueName('soft');
    const head = await headOfAll(client);
    await client.appendToStream(stream, numberedEvents(3));
    await client.deleteStream(stream);
    await rejectionOf(readStream(client, stream), StreamNotFoundError);
    await rejectionOf(
      readStream(client, stream, { direction: BACKWARDS, fromRevision: END }),
      StreamNotFoundError,
    );
    // $all bypasses the index: deleted events stay readable there until a scavenge.
    const inAll = (await readAllForwards(client, head ?? START)).filter(
      (resolved) => recorded(resolved).streamId === stream,
    );
    expect(inAll.map(seqOf)).toEqual(range(3));
  });

  test('appending to a soft-deleted stream continues its revisions', async () => {
    const stream = uniqueName('soft');
    await client.appendToStream(stream, numberedEvents(3));
    await client.deleteStream(stream);
    const result = await client.appendToStream(stream, numberedEvents(1, 3));
    expect(result.nextExpectedRevision).toBe(3n);
    const events = await readStream(client, stream);
    expect(events.map(seqOf)).toEqual([3]);
    expect(events.map((resolved) => recorded(resolved).revision)).toEqual([3n]);
  });

  test('a delete with a wrong expected revision fails and deletes nothing', async () => {
    const stream = uniqueName('soft');
    await client.appendToStream(stream, numberedEvents(3));
    const error = await rejectionOf(
      client.deleteStream(stream, { expectedRevision: 5n }),
      WrongExpectedVersionError,
    );
    expect(error.streamName).toBe(stream);
    expect(error.expectedVersion).toBe(5n);
    expect(error.actualVersion).toBe(2n);
    expect(await readRevisions(client, stream)).toEqual([0n, 1n, 2n]);
  });

  test('a tombstoned stream refuses reads and appends with StreamDeletedError', async () => {
    const stream = uniqueName('tombstone');
    await client.appendToStream(stream, numberedEvents(2));
    await client.tombstoneStream(stream);
    const read = await rejectionOf(readStream(client, stream), StreamDeletedError);
    expect(read.streamName).toBe(stream);
    await rejectionOf(client.appendToStream(stream, numberedEvents(1)), StreamDeletedError);
    await rejectionOf(
      client.appendToStream(stream, numberedEvents(1), { expectedRevision: NO_STREAM }),
      StreamDeletedError,
    );
  });
});

describe('stream metadata', () => {
  let client: EventStoreDBClient;
  beforeAll(() => {
    client = connectClient();
  });
  afterAll(() => disposeClient(client));

  test('what setStreamMetadata writes, getStreamMetadata returns', async () => {
    const stream = uniqueName('meta');
    expect((await client.getStreamMetadata(stream)).metadata).toBeUndefined();
    const metadata = { maxCount: 100, maxAge: 86_400, truncateBefore: 0, owner: 'ordering' };
    const first = await client.setStreamMetadata(stream, metadata);
    expect(first.nextExpectedRevision).toBe(0n);
    expect((await client.getStreamMetadata(stream)).metadata).toEqual(metadata);
    const second = await client.setStreamMetadata(stream, { maxCount: 5 });
    expect(second.nextExpectedRevision).toBe(1n);
    expect((await client.getStreamMetadata(stream)).metadata).toEqual({ maxCount: 5 });
  });

  test('maxCount: reads return only the newest maxCount events', async () => {
    const stream = uniqueName('max_count');
    await client.appendToStream(stream, numberedEvents(5));
    await client.setStreamMetadata(stream, { maxCount: 2 });
    expect(await readRevisions(client, stream)).toEqual([3n, 4n]);
    expect(
      await readRevisions(client, stream, { direction: BACKWARDS, fromRevision: END }),
    ).toEqual([4n, 3n]);
  });

  test('truncateBefore: events below it are gone from reads', async () => {
    const stream = uniqueName('truncate');
    await client.appendToStream(stream, numberedEvents(4));
    await client.setStreamMetadata(stream, { truncateBefore: 2 });
    expect(await readRevisions(client, stream)).toEqual([2n, 3n]);
    expect(
      await readRevisions(client, stream, { direction: BACKWARDS, fromRevision: END }),
    ).toEqual([3n, 2n]);
  });

  test('maxAge: events older than maxAge seconds are gone from reads', async () => {
    const stream = uniqueName('max_age');
    await client.appendToStream(stream, numberedEvents(2));
    await client.setStreamMetadata(stream, { maxAge: 1 });
    await sleep(1_500);
    await client.appendToStream(stream, numberedEvents(1, 2));
    expect(await readRevisions(client, stream)).toEqual([2n]);
  });

  test('metadata lives in the $$ stream, a system stream that excludeSystemEvents leaves out', async () => {
    const stream = uniqueName('system');
    const head = await headOfAll(client);
    await client.setStreamMetadata(stream, { maxCount: 10 });
    const marker = markerEvent();
    await client.appendToStream(stream, marker);

    const [metadataEvent] = await readStream(client, `$$${stream}`);
    if (metadataEvent === undefined) throw new Error(`$$${stream} reads back empty`);
    expect(recorded(metadataEvent).type).toBe('$metadata');
    const inAll = (await readAllForwards(client, head ?? START)).map(recorded);
    expect(inAll.some((event) => event.streamId === `$$${stream}`)).toBe(true);

    const filtered = await collectUntil(
      client.subscribeToAll({ fromPosition: head ?? START, filter: excludeSystemEvents() }),
      { what: 'our marker event', until: (events) => events.some(isEvent(marker.id)) },
    );
    const types = filtered.map((resolved) => recorded(resolved).type);
    expect(types.filter((type) => type.startsWith('$'))).toEqual([]);
    expect(filtered.some((resolved) => recorded(resolved).streamId === `$$${stream}`)).toBe(false);
  });
});
