import { END, eventTypeFilter, jsonEvent, type EventStoreDBClient } from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectClient, disposeClient, uniqueName } from './client.ts';
import { ackEach, startConsumer, type Consumer, type Delivery } from './consumer.ts';
import { isEvent, markerEvent, numberedEvents, range, seqOf } from './events.ts';
import { groupsFor, type Groups } from './persistent.ts';
import { positionOf, readStream, recorded } from './read.ts';
import { waitFor } from './wait.ts';

/** Waits for event `id`, then returns the sequence numbers delivered before it. */
const seqsUntil = async <T extends Delivery>(consumer: Consumer<T>, id: string) => {
  await waitFor(`delivery of event ${id}`, () => consumer.deliveries.some(isEvent(id)));
  await consumer.stop();
  const upTo = consumer.deliveries.findIndex(isEvent(id));
  return consumer.deliveries.slice(0, upTo).map(seqOf);
};

// Where a persistent subscription starts, as documented in "Persistent subscriptions" (gRPC
// clients): startFrom start, end, or a revision/position. The client's settings type documents
// that position as inclusive and EventStoreDB delivers the event at it (the settings table in the
// gRPC client docs calls it "exclusive"; the server and the client's own tests disagree).
describe('persistent subscriptions: where they start', () => {
  let client: EventStoreDBClient;
  let groups: Groups;
  beforeAll(() => {
    client = connectClient();
    groups = groupsFor(client);
  });
  afterAll(async () => {
    await groups.deleteAll();
    await disposeClient(client);
  });

  test('a stream group from the start gets the history, then live events', async () => {
    const stream = uniqueName('ps_start');
    await client.appendToStream(stream, numberedEvents(3));
    const group = await groups.onStream(stream);
    const consumer = await startConsumer(
      client.subscribeToPersistentSubscriptionToStream(stream, group),
      ackEach,
    );
    await waitFor('3 deliveries', () => consumer.deliveries.length >= 3);
    const marker = markerEvent();
    await client.appendToStream(stream, [...numberedEvents(2, 3), marker]);
    expect(await seqsUntil(consumer, marker.id)).toEqual(range(5));
  });

  test('a stream group from the end gets only what is appended after its creation', async () => {
    const stream = uniqueName('ps_start');
    await client.appendToStream(stream, numberedEvents(3));
    const group = await groups.onStream(stream, { startFrom: END });
    const consumer = await startConsumer(
      client.subscribeToPersistentSubscriptionToStream(stream, group),
      ackEach,
    );
    const marker = markerEvent();
    await client.appendToStream(stream, [...numberedEvents(2, 3), marker]);
    expect(await seqsUntil(consumer, marker.id)).toEqual([3, 4]);
  });

  test('a stream group from a revision starts with the event at that revision', async () => {
    const stream = uniqueName('ps_start');
    const marker = markerEvent();
    await client.appendToStream(stream, [...numberedEvents(5), marker]);
    const group = await groups.onStream(stream, { startFrom: 2n });
    const consumer = await startConsumer(
      client.subscribeToPersistentSubscriptionToStream(stream, group),
      ackEach,
    );
    expect(await seqsUntil(consumer, marker.id)).toEqual([2, 3, 4]);
  });

  test('a $all group from a position starts with the event at it, filtered', async () => {
    const prefix = uniqueName('ps_start_all');
    await client.appendToStream(`${prefix}-a`, numberedEvents(3));
    const [, second] = await readStream(client, `${prefix}-a`);
    if (second === undefined) throw new Error('our second event is missing');
    const group = await groups.onAll(prefix, { startFrom: positionOf(second) });
    const consumer = await startConsumer(
      client.subscribeToPersistentSubscriptionToAll(group),
      ackEach,
    );
    const marker = markerEvent();
    await client.appendToStream(uniqueName('other'), numberedEvents(2));
    await client.appendToStream(`${prefix}-b`, marker);
    expect(await seqsUntil(consumer, marker.id)).toEqual([1, 2]);
  });

  test('a $all group from the end gets only what is appended after its creation', async () => {
    const prefix = uniqueName('ps_start_all');
    await client.appendToStream(`${prefix}-a`, numberedEvents(2));
    const group = await groups.onAll(prefix, { startFrom: END });
    const consumer = await startConsumer(
      client.subscribeToPersistentSubscriptionToAll(group),
      ackEach,
    );
    const marker = markerEvent();
    await client.appendToStream(`${prefix}-a`, [...numberedEvents(2, 2), marker]);
    expect(await seqsUntil(consumer, marker.id)).toEqual([2, 3]);
  });

  test('a $all group from the start gets only the streams its filter passes', async () => {
    const prefix = uniqueName('ps_start_all');
    await client.appendToStream(`${prefix}-a`, numberedEvents(2));
    await client.appendToStream(uniqueName('other'), numberedEvents(2));
    const marker = markerEvent();
    await client.appendToStream(`${prefix}-b`, [...numberedEvents(1, 2), marker]);
    const group = await groups.onAll(prefix);
    const consumer = await startConsumer(
      client.subscribeToPersistentSubscriptionToAll(group),
      ackEach,
    );
    expect(await seqsUntil(consumer, marker.id)).toEqual(range(3));
    expect(
      consumer.deliveries.every((delivery) => recorded(delivery).streamId.startsWith(prefix)),
    ).toBe(true);
  });

  test('a $all group filtered by event type gets only those types', async () => {
    const type = uniqueName('Type').replaceAll('-', '');
    const stream = uniqueName('ps_start_all');
    const marker = jsonEvent({ type: `${type}Marker`, data: {} });
    await client.appendToStream(stream, [
      jsonEvent({ type: `${type}Kept`, data: { seq: 0 } }),
      jsonEvent({ type: 'ContractTested', data: { seq: 1 } }),
      jsonEvent({ type: `${type}Kept`, data: { seq: 2 } }),
      marker,
    ]);
    const group = await groups.onAll(stream, {}, eventTypeFilter({ prefixes: [type] }));
    const consumer = await startConsumer(
      client.subscribeToPersistentSubscriptionToAll(group),
      ackEach,
    );
    expect(await seqsUntil(consumer, marker.id)).toEqual([0, 2]);
  });
});
