import { END, START, type EventStoreDBClient, type ResolvedEvent } from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectClient, disposeClient, uniqueName } from './client.ts';
import { collectUntil } from './collect.ts';
import { isMarker, markerEvent, numberedEvents, range, seqOf } from './events.ts';
import { recorded } from './read.ts';
import { onceWithin } from './wait.ts';

const untilMarker = {
  what: 'the marker event',
  until: (events: readonly ResolvedEvent[]) => events.some(isMarker),
};
const data = (events: ResolvedEvent[]) => events.filter((event) => !isMarker(event)).map(seqOf);
const revisionsOf = (events: ResolvedEvent[]) => events.map((event) => recorded(event).revision);

// Catch-up subscriptions to a stream, as documented in "Catch-up subscriptions"
// (developers.eventstore.com, gRPC clients): from the start, a revision (exclusive) or the end;
// history first, then live events, each exactly once and in order.
describe('catch-up subscriptions to a stream', () => {
  let client: EventStoreDBClient;
  beforeAll(() => {
    client = connectClient();
  });
  afterAll(() => disposeClient(client));

  test('from the start: the history, then what is appended live', async () => {
    const stream = uniqueName('catch_up');
    await client.appendToStream(stream, numberedEvents(3));
    let live: Promise<unknown> = Promise.resolve();
    const events = await collectUntil(client.subscribeToStream(stream, { fromRevision: START }), {
      ...untilMarker,
      onEvent: (_, collected) => {
        if (collected.length === 3) {
          live = client.appendToStream(stream, [...numberedEvents(2, 3), markerEvent()]).then(
            () => undefined,
            (error: unknown) => error,
          );
        }
      },
    });
    expect(await live).toBeUndefined();
    expect(data(events)).toEqual(range(5));
    expect(revisionsOf(events)).toEqual([0n, 1n, 2n, 3n, 4n, 5n]);
  });

  test('a subscription to a stream not written yet receives its first events', async () => {
    const stream = uniqueName('catch_up');
    const subscription = client.subscribeToStream(stream, { fromRevision: START });
    const confirmed = onceWithin(subscription, 'confirmation', 'the subscription confirmation');
    const [events] = await Promise.all([
      collectUntil(subscription, untilMarker),
      confirmed.then(() => client.appendToStream(stream, [...numberedEvents(2), markerEvent()])),
    ]);
    expect(data(events)).toEqual(range(2));
  });

  test('from a revision: only the events after it', async () => {
    const stream = uniqueName('catch_up');
    await client.appendToStream(stream, numberedEvents(5));
    await client.appendToStream(stream, markerEvent());
    const events = await collectUntil(
      client.subscribeToStream(stream, { fromRevision: 2n }),
      untilMarker,
    );
    expect(revisionsOf(events)).toEqual([3n, 4n, 5n]);
  });

  test('from the end: only what is appended after subscribing', async () => {
    const stream = uniqueName('catch_up');
    await client.appendToStream(stream, numberedEvents(3));
    const subscription = client.subscribeToStream(stream, { fromRevision: END });
    const confirmed = onceWithin(subscription, 'confirmation', 'the subscription confirmation');
    const [events] = await Promise.all([
      collectUntil(subscription, untilMarker),
      confirmed.then(() => client.appendToStream(stream, [...numberedEvents(2, 3), markerEvent()])),
    ]);
    expect(data(events)).toEqual([3, 4]);
  });

  test('events appended while catching up arrive exactly once, in order', async () => {
    const stream = uniqueName('catch_up');
    await client.appendToStream(stream, numberedEvents(500));
    // The second half is written in small appends that start with the first delivery, so they
    // land while the subscription reads history and switches to live.
    const appendSecondHalf = async () => {
      for (let batch = 0; batch < 10; batch += 1) {
        await client.appendToStream(stream, numberedEvents(50, 500 + batch * 50));
      }
      await client.appendToStream(stream, markerEvent());
    };
    let writer: Promise<unknown> = Promise.resolve();
    const events = await collectUntil(client.subscribeToStream(stream, { fromRevision: START }), {
      ...untilMarker,
      timeoutMs: 30_000,
      onEvent: (_, collected) => {
        if (collected.length === 1) writer = appendSecondHalf().catch((error: unknown) => error);
      },
    });
    expect(await writer).toBeUndefined();
    expect(data(events)).toEqual(range(1_000));
    expect(revisionsOf(events)).toEqual(range(1_001).map(BigInt));
  });
});
