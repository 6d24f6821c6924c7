import { randomUUID } from 'node:crypto';
import {
  START,
  eventTypeFilter,
  jsonEvent,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type EventStoreDBClient,
  type Position,
} from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectClient, disposeClient, uniqueName } from './client.ts';
import { collectUntil, untilEventId } from './collect.ts';
import { markerEvent, numberedEvents, range, seqOf } from './events.ts';
import { headOfAll, recorded } from './read.ts';

const idsOf = (events: AllStreamResolvedEvent[]) => events.map((event) => recorded(event).id);

// Server-side filters on subscriptions to $all, as documented in "Catch-up subscriptions"
// (gRPC clients, "Server-side filtering"): by stream name or event type, by prefix or regex.
// They are the only way to filter $all with @eventstore/db-client 6.2.1, whose readAll takes no
// filter; a subscription from a position reads the same history a filtered read would.
describe('filtered subscriptions to $all', () => {
  let client: EventStoreDBClient;
  let head: Position | undefined;
  beforeAll(async () => {
    client = connectClient();
    head = await headOfAll(client);
  });
  afterAll(() => disposeClient(client));

  test('a stream-name prefix filter from the start passes only matching streams', async () => {
    const prefix = uniqueName('all');
    await client.appendToStream(`${prefix}-a`, numberedEvents(2));
    await client.appendToStream(uniqueName('other'), numberedEvents(2));
    const marker = markerEvent();
    await client.appendToStream(`${prefix}-b`, [...numberedEvents(2, 2), marker]);
    const events = await collectUntil(
      client.subscribeToAll({
        fromPosition: START,
        filter: streamNameFilter({ prefixes: [prefix] }),
      }),
      { ...untilEventId(marker.id), timeoutMs: 30_000 },
    );
    expect(events.every((event) => recorded(event).streamId.startsWith(prefix))).toBe(true);
    expect(events.slice(0, -1).map(seqOf)).toEqual(range(4));
  });

  test('a stream-name regex filter passes only matching streams', async () => {
    const prefix = uniqueName('all');
    const keep = jsonEvent({ type: 'ContractTested', data: { seq: 0 } });
    const marker = markerEvent();
    await client.appendToStream(`${prefix}-keep-1`, keep);
    await client.appendToStream(`${prefix}-drop-1`, numberedEvents(2));
    await client.appendToStream(`${prefix}-keep-2`, marker);
    const events = await collectUntil(
      client.subscribeToAll({
        fromPosition: head ?? START,
        filter: streamNameFilter({ regex: `^${prefix}-keep-[0-9]+$` }),
      }),
      untilEventId(marker.id),
    );
    expect(idsOf(events)).toEqual([keep.id, marker.id]);
  });

  test('event-type filters by prefix and by regex', async () => {
    const type = `Contract${randomUUID().replaceAll('-', '')}`;
    await client.appendToStream(uniqueName('all'), [
      jsonEvent({ type: `${type}Dropped`, data: { seq: 0 } }),
      jsonEvent({ type: `${type}Kept`, data: { seq: 1 } }),
      jsonEvent({ type: `${type}Kept`, data: { seq: 2 } }),
      jsonEvent({ type: `${type}Dropped`, data: { seq: 3 } }),
      jsonEvent({ type: `${type}KeptLast`, data: { seq: 4 } }),
    ]);
    for (const filter of [
      eventTypeFilter({ prefixes: [`${type}Kept`] }),
      eventTypeFilter({ regex: `^${type}Kept(Last)?$` }),
    ]) {
      const events = await collectUntil(
        client.subscribeToAll({ fromPosition: head ?? START, filter }),
        {
          what: `the ${type}KeptLast event`,
          until: (got) => got.some(isOfType(`${type}KeptLast`)),
        },
      );
      expect(events.map(seqOf)).toEqual([1, 2, 4]);
    }
  });
});

const isOfType = (type: string) => (resolved: AllStreamResolvedEvent) =>
  resolved.event?.type === type;
