import {
  END,
  START,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type EventStoreDBClient,
  type Position,
} from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectClient, disposeClient, uniqueName } from './client.ts';
import { collectUntil, untilEventId } from './collect.ts';
import { markerEvent, numberedEvents, range, seqOf } from './events.ts';
import { comparePositions, headOfAll, positionOf, readStream, recorded } from './read.ts';
import { onceWithin } from './wait.ts';

const idsOf = (events: AllStreamResolvedEvent[]) => events.map((event) => recorded(event).id);

// Catch-up subscriptions to $all, as documented in "Catch-up subscriptions" (gRPC clients):
// positions are exclusive; history then live, each event once; checkpointReached every
// checkpointInterval × 32 events. Every subscription is filtered to this test's own streams,
// since other tests append concurrently (filters themselves: catch-up-all-filters.int.test.ts).
describe('catch-up subscriptions to $all', () => {
  let client: EventStoreDBClient;
  let head: Position | undefined;
  beforeAll(async () => {
    client = connectClient();
    head = await headOfAll(client);
  });
  afterAll(() => disposeClient(client));

  test('from a position: only the events after it, in order', async () => {
    const prefix = uniqueName('all');
    await client.appendToStream(`${prefix}-a`, numberedEvents(3));
    const marker = markerEvent();
    await client.appendToStream(`${prefix}-b`, [...numberedEvents(2, 3), marker]);
    const [, second] = await readStream(client, `${prefix}-a`);
    if (second === undefined) throw new Error('our second event is missing');
    const events = await collectUntil(
      client.subscribeToAll({
        fromPosition: positionOf(second),
        filter: streamNameFilter({ prefixes: [prefix] }),
      }),
      untilEventId(marker.id),
    );
    expect(events.slice(0, -1).map(seqOf)).toEqual([2, 3, 4]);
  });

  test('from the end: only what is appended after subscribing', async () => {
    const prefix = uniqueName('all');
    await client.appendToStream(`${prefix}-a`, numberedEvents(2));
    const subscription = client.subscribeToAll({
      fromPosition: END,
      filter: streamNameFilter({ prefixes: [prefix] }),
    });
    const confirmed = onceWithin(subscription, 'confirmation', 'the subscription confirmation');
    const marker = markerEvent();
    const [events] = await Promise.all([
      collectUntil(subscription, untilEventId(marker.id)),
      confirmed.then(() => client.appendToStream(`${prefix}-a`, [...numberedEvents(2, 2), marker])),
    ]);
    expect(events.slice(0, -1).map(seqOf)).toEqual([2, 3]);
  });

  test('events appended while catching up arrive exactly once, in order', async () => {
    const prefix = uniqueName('all');
    await client.appendToStream(`${prefix}-a`, numberedEvents(300));
    const marker = markerEvent();
    // The rest goes to two streams in small appends that start with the first delivery, so they
    // land while the subscription reads history and switches to live.
    const appendTheRest = async () => {
      for (let batch = 0; batch < 10; batch += 1) {
        const stream = `${prefix}-${batch % 2 === 0 ? 'b' : 'a'}`;
        await client.appendToStream(stream, numberedEvents(30, 300 + batch * 30));
      }
      await client.appendToStream(`${prefix}-b`, marker);
    };
    let writer: Promise<unknown> = Promise.resolve();
    const events = await collectUntil(
      client.subscribeToAll({
        fromPosition: head ?? START,
        filter: streamNameFilter({ prefixes: [prefix] }),
      }),
      {
        ...untilEventId(marker.id),
        timeoutMs: 30_000,
        onEvent: (_, collected) => {
          if (collected.length === 1) writer = appendTheRest().catch((error: unknown) => error);
        },
      },
    );
    expect(await writer).toBeUndefined();
    expect(events.slice(0, -1).map(seqOf)).toEqual(range(600));
  });

  test('checkpointReached: every checkpointInterval × 32 events, at positions to resume from', async () => {
    const prefix = uniqueName('all');
    const checkpoints: Position[] = [];
    const subscription = client.subscribeToAll({
      fromPosition: head ?? START,
      filter: streamNameFilter({
        prefixes: [prefix],
        checkpointInterval: 1,
        checkpointReached: (_, position) => {
          checkpoints.push(position);
        },
      }),
    });
    const marker = markerEvent();
    const appendAll = async () => {
      for (let batch = 0; batch < 4; batch += 1) {
        await client.appendToStream(`${prefix}-a`, numberedEvents(32, batch * 32));
      }
      await client.appendToStream(`${prefix}-a`, marker);
    };
    const [events] = await Promise.all([
      collectUntil(subscription, untilEventId(marker.id)),
      appendAll(),
    ]);
    expect(events.slice(0, -1).map(seqOf)).toEqual(range(128));
    // 128 matching events at one checkpoint per 32: at least 3 whatever the page boundaries.
    expect(checkpoints.length).toBeGreaterThanOrEqual(3);
    checkpoints.forEach((position, index) => {
      const previous = checkpoints[index - 1];
      if (previous !== undefined)
        expect(comparePositions(position, previous)).toBeGreaterThanOrEqual(0);
    });

    // A checkpoint is where a restarted subscription resumes: exactly the events after it follow.
    const last = events.at(-1);
    if (last === undefined) throw new Error('no events collected');
    const markerPosition = recorded(last).position;
    const checkpoint = checkpoints.findLast(
      (position) => comparePositions(position, markerPosition) < 0,
    );
    if (checkpoint === undefined) throw new Error('no checkpoint before the marker');
    const resumed = await collectUntil(
      client.subscribeToAll({
        fromPosition: checkpoint,
        filter: streamNameFilter({ prefixes: [prefix] }),
      }),
      untilEventId(marker.id),
    );
    const after = events.filter(
      (event) => comparePositions(recorded(event).position, checkpoint) > 0,
    );
    expect(idsOf(resumed)).toEqual(idsOf(after));
  });
});
