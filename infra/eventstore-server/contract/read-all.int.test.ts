import {
  END,
  START,
  type AllStreamResolvedEvent,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectClient, disposeClient, uniqueName } from './client.ts';
import { numberedEvents, range, seqOf } from './events.ts';
import {
  comparePositions,
  headOfAll,
  readAllBackwards,
  readAllForwards,
  recorded,
} from './read.ts';

const positionsOf = (events: AllStreamResolvedEvent[]) =>
  events.map((resolved) => recorded(resolved).position);

/** Fails unless each position is strictly after (forwards) or before (backwards) the previous. */
const expectStrictlyOrdered = (events: AllStreamResolvedEvent[], direction: 1 | -1): void => {
  const positions = positionsOf(events);
  positions.forEach((position, index) => {
    expect(position.commit).toBeGreaterThanOrEqual(position.prepare);
    const previous = positions[index - 1];
    if (previous !== undefined) expect(comparePositions(position, previous)).toBe(direction);
  });
};

// Reading $all, as documented in "Reading events" (developers.eventstore.com, gRPC clients):
// forwards or backwards from start, end or a position. Other tests append concurrently, so this
// reads from the head of $all taken before appending, and picks its own streams out by prefix.
// Server-side filters cannot be sent on a read with @eventstore/db-client 6.2.1 (readAll has no
// filter option); they are covered through subscribeToAll in catch-up-all.int.test.ts.
describe('reading $all', () => {
  let client: EventStoreDBClient;
  const prefix = uniqueName('read_all');
  const [streamA, streamB] = [`${prefix}-a`, `${prefix}-b`];
  const ours = (events: AllStreamResolvedEvent[]) =>
    events.filter((resolved) => recorded(resolved).streamId.startsWith(prefix));
  let head: Awaited<ReturnType<typeof headOfAll>>;

  beforeAll(async () => {
    client = connectClient();
    head = await headOfAll(client);
    await client.appendToStream(streamA, numberedEvents(3, 0));
    await client.appendToStream(streamB, numberedEvents(2, 3));
    await client.appendToStream(streamA, numberedEvents(2, 5));
  });
  afterAll(() => disposeClient(client));

  test('forwards: events in the order they were appended, positions strictly increasing', async () => {
    const events = await readAllForwards(client, head ?? START);
    expectStrictlyOrdered(events, 1);
    const mine = ours(events);
    expect(mine.map(seqOf)).toEqual(range(7));
    expect(mine.map((resolved) => recorded(resolved).streamId)).toEqual([
      ...[streamA, streamA, streamA, streamB, streamB, streamA, streamA],
    ]);
  });

  test("forwards from an event's position starts with that event; maxCount limits", async () => {
    const third = ours(await readAllForwards(client, head ?? START))[2];
    if (third === undefined) throw new Error('our third event is missing from $all');
    const from = recorded(third).position;
    const [first, second, ...rest] = await readAllForwards(client, from, 2);
    if (first === undefined || second === undefined) throw new Error('read of 2 came back short');
    expect(rest).toEqual([]);
    expect(recorded(first).id).toBe(recorded(third).id);
    expect(comparePositions(recorded(second).position, from)).toBe(1);
  });

  test('backwards from the end: newest first, positions strictly decreasing', async () => {
    const events = await readAllBackwards(client, { from: END, stop: head });
    expectStrictlyOrdered(events, -1);
    expect(ours(events).map(seqOf)).toEqual(range(7).reverse());
  });

  test("backwards from an event's position returns what came before it", async () => {
    const sixth = ours(await readAllForwards(client, head ?? START))[5];
    if (sixth === undefined) throw new Error('our sixth event is missing from $all');
    const events = await readAllBackwards(client, { from: recorded(sixth).position, stop: head });
    expectStrictlyOrdered(events, -1);
    // The docs do not say whether the event at the start position itself is returned backwards;
    // everything older must be, newest first.
    const seqs = ours(events).map(seqOf);
    expect(seqs[0] === 5 ? seqs.slice(1) : seqs).toEqual([4, 3, 2, 1, 0]);
  });

  test('start and end are the two ends of $all', async () => {
    const fromStart = await readAllForwards(client, START, 20);
    expect(fromStart.length).toBeGreaterThan(0);
    expectStrictlyOrdered(fromStart, 1);
    const lastAppend = await client.appendToStream(uniqueName('read_all_end'), numberedEvents(1));
    const newest = await headOfAll(client);
    if (newest === undefined || lastAppend.position === undefined) throw new Error('no position');
    expect(comparePositions(newest, lastAppend.position)).toBeGreaterThanOrEqual(0);
    const firstOfAll = fromStart[0];
    if (firstOfAll === undefined) throw new Error('$all reads back empty from the start');
    expect(comparePositions(recorded(firstOfAll).position, newest)).toBe(-1);
  });
});
