import { randomUUID } from 'node:crypto';
import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  WrongExpectedVersionError,
  jsonEvent,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectClient, disposeClient, uniqueName } from './client.ts';
import { numberedEvents, range, seqOf } from './events.ts';
import { comparePositions, positionOf, readRevisions, readStream } from './read.ts';
import { rejectionOf } from './rejection.ts';

// Appending, as documented in "Appending events" (developers.eventstore.com, gRPC clients):
// expected revision any / no_stream / stream_exists / exact, idempotent event ids, positions.
describe('appending events', () => {
  let client: EventStoreDBClient;
  beforeAll(() => {
    client = connectClient();
  });
  afterAll(() => disposeClient(client));

  test('one event with no_stream creates the stream at revision 0', async () => {
    const stream = uniqueName('append');
    const result = await client.appendToStream(stream, numberedEvents(1), {
      expectedRevision: NO_STREAM,
    });
    expect(result.success).toBe(true);
    expect(result.nextExpectedRevision).toBe(0n);
    expect(await readRevisions(client, stream)).toEqual([0n]);
  });

  test('many events in one call get consecutive revisions, in order', async () => {
    const stream = uniqueName('append');
    const result = await client.appendToStream(stream, numberedEvents(5));
    expect(result.nextExpectedRevision).toBe(4n);
    const events = await readStream(client, stream);
    expect(events.map(seqOf)).toEqual(range(5));
    expect(await readRevisions(client, stream)).toEqual([0n, 1n, 2n, 3n, 4n]);
  });

  test('any appends whether or not the stream exists', async () => {
    const stream = uniqueName('append');
    const first = await client.appendToStream(stream, numberedEvents(1), { expectedRevision: ANY });
    const second = await client.appendToStream(stream, numberedEvents(2, 1), {
      expectedRevision: ANY,
    });
    expect([first.nextExpectedRevision, second.nextExpectedRevision]).toEqual([0n, 2n]);
  });

  test('stream_exists fails on a missing stream and succeeds on an existing one', async () => {
    const stream = uniqueName('append');
    const error = await rejectionOf(
      client.appendToStream(stream, numberedEvents(1), { expectedRevision: STREAM_EXISTS }),
      WrongExpectedVersionError,
    );
    expect(error.streamName).toBe(stream);
    expect(error.expectedVersion).toBe(STREAM_EXISTS);
    expect(error.actualVersion).toBe(NO_STREAM);

    await client.appendToStream(stream, numberedEvents(1));
    const result = await client.appendToStream(stream, numberedEvents(1, 1), {
      expectedRevision: STREAM_EXISTS,
    });
    expect(result.nextExpectedRevision).toBe(1n);
  });

  test('no_stream fails once the stream exists, reporting its actual revision', async () => {
    const stream = uniqueName('append');
    await client.appendToStream(stream, numberedEvents(3));
    const error = await rejectionOf(
      client.appendToStream(stream, numberedEvents(1), { expectedRevision: NO_STREAM }),
      WrongExpectedVersionError,
    );
    expect(error.expectedVersion).toBe(NO_STREAM);
    expect(error.actualVersion).toBe(2n);
  });

  test('an exact revision appends only when it is the current one', async () => {
    const stream = uniqueName('append');
    const first = await client.appendToStream(stream, numberedEvents(2));
    const second = await client.appendToStream(stream, numberedEvents(1, 2), {
      expectedRevision: first.nextExpectedRevision,
    });
    expect(second.nextExpectedRevision).toBe(2n);

    const stale = await rejectionOf(
      client.appendToStream(stream, numberedEvents(1, 3), { expectedRevision: 1n }),
      WrongExpectedVersionError,
    );
    expect(stale.streamName).toBe(stream);
    expect(stale.expectedVersion).toBe(1n);
    expect(stale.actualVersion).toBe(2n);
    // A refused append writes nothing.
    expect(await readRevisions(client, stream)).toEqual([0n, 1n, 2n]);

    const missing = await rejectionOf(
      client.appendToStream(uniqueName('append'), numberedEvents(1), { expectedRevision: 0n }),
      WrongExpectedVersionError,
    );
    expect(missing.expectedVersion).toBe(0n);
    expect(missing.actualVersion).toBe(NO_STREAM);
  });

  test('retrying the same event ids at the same expected revision writes nothing twice', async () => {
    const stream = uniqueName('append');
    const batch = numberedEvents(3);
    const first = await client.appendToStream(stream, batch, { expectedRevision: NO_STREAM });
    const retry = await client.appendToStream(stream, batch, { expectedRevision: NO_STREAM });
    expect(retry.success).toBe(true);
    expect(retry.nextExpectedRevision).toBe(first.nextExpectedRevision);

    const next = numberedEvents(1, 3);
    const appended = await client.appendToStream(stream, next, { expectedRevision: 2n });
    const retried = await client.appendToStream(stream, next, { expectedRevision: 2n });
    expect(retried.nextExpectedRevision).toBe(appended.nextExpectedRevision);

    const events = await readStream(client, stream);
    expect(events.map(seqOf)).toEqual(range(4));
  });

  test('the same event id appended twice in quick succession is stored once', async () => {
    const stream = uniqueName('append');
    const event = jsonEvent({ id: randomUUID(), type: 'ContractTested', data: { seq: 0 } });
    await client.appendToStream(stream, event);
    await client.appendToStream(stream, event);
    expect(await readRevisions(client, stream)).toEqual([0n]);
  });

  test('each append reports the $all position of what it wrote, increasing', async () => {
    const results = [];
    for (const label of ['a', 'b', 'c']) {
      const stream = uniqueName(`append_${label}`);
      const result = await client.appendToStream(stream, numberedEvents(1));
      const position = result.position;
      if (position === undefined) throw new Error('the append result carries no position');
      expect(position.commit).toBeGreaterThanOrEqual(position.prepare);
      const [event] = await readStream(client, stream);
      if (event === undefined) throw new Error(`${stream} reads back empty`);
      expect(positionOf(event)).toEqual(position);
      results.push(position);
    }
    const [a, b, c] = results;
    if (a === undefined || b === undefined || c === undefined) throw new Error('missing positions');
    expect(comparePositions(a, b)).toBe(-1);
    expect(comparePositions(b, c)).toBe(-1);
  });

  test('an append of many events reports the position of its last event', async () => {
    const stream = uniqueName('append');
    const result = await client.appendToStream(stream, numberedEvents(3));
    const events = await readStream(client, stream);
    const last = events.at(-1);
    if (last === undefined) throw new Error(`${stream} reads back empty`);
    expect(result.position).toEqual(positionOf(last));
  });
});
