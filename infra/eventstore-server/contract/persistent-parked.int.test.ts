import { PARK, type EventStoreDBClient } from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectClient, disposeClient, uniqueName } from './client.ts';
import { startConsumer, type Consumer, type Delivery, type Handler } from './consumer.ts';
import { numberedEvents } from './events.ts';
import { groupsFor, waitForParked, type Groups } from './persistent.ts';
import { recorded } from './read.ts';
import { sleep, waitFor } from './wait.ts';

/** Parks every event the first time it is delivered and acks it when it comes back. */
const parkFirstSightings = <T extends Delivery>(): Handler<T> => {
  const seen = new Set<string>();
  return (delivery, subscription) => {
    const id = recorded(delivery).id;
    if (seen.has(id)) return subscription.ack(delivery);
    seen.add(id);
    return subscription.nack(PARK, 'contract test: park', delivery);
  };
};

const sightings = <T extends Delivery>(consumer: Consumer<T>, id: string): number =>
  consumer.ids().filter((delivered) => delivered === id).length;

/** Ids delivered a second time (replayed), in the order they came back. */
const replayedIds = <T extends Delivery>(consumer: Consumer<T>): string[] => {
  const seen = new Set<string>();
  const again: string[] = [];
  for (const id of consumer.ids()) {
    if (seen.has(id)) again.push(id);
    seen.add(id);
  }
  return again;
};

// Parked messages, as documented in "Persistent subscriptions" (server docs): parked messages are
// written to the group's parked stream, `$persistentsubscription-{stream}::{group}-parked`
// (the EventStoreDB server names it so; the page's `{groupname}::{streamname}` has the order
// swapped), counted in the group's stats, and replayed on request, optionally up to `stopAt`.
describe('persistent subscriptions: parked messages', () => {
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

  test('parked messages are links to the originals in the parked stream, and counted', async () => {
    const stream = uniqueName('ps_parked');
    const group = await groups.onStream(stream);
    const events = numberedEvents(3);
    await client.appendToStream(stream, events);
    const consumer = await startConsumer(
      client.subscribeToPersistentSubscriptionToStream(stream, group),
      parkFirstSightings(),
    );
    const parked = await waitForParked(client, stream, group, 3);
    await consumer.stop();
    expect(parked.map((resolved) => recorded(resolved).id)).toEqual(events.map((e) => e.id));
    expect(parked.map((resolved) => resolved.link?.type)).toEqual(['$>', '$>', '$>']);
    await waitFor('3 parked messages in the group stats', async () => {
      const info = await client.getPersistentSubscriptionToStreamInfo(stream, group);
      return info.stats.parkedMessageCount === 3n;
    });
  });

  test('replaying parked messages delivers them again, in the order they were parked', async () => {
    const stream = uniqueName('ps_parked');
    const group = await groups.onStream(stream);
    const events = numberedEvents(3);
    await client.appendToStream(stream, events);
    const consumer = await startConsumer(
      client.subscribeToPersistentSubscriptionToStream(stream, group),
      parkFirstSightings(),
    );
    await waitForParked(client, stream, group, 3);
    await client.replayParkedMessagesToStream(stream, group);
    await waitFor('every parked message to come back', () =>
      events.every((event) => sightings(consumer, event.id) === 2),
    );
    await consumer.stop();
    expect(replayedIds(consumer)).toEqual(events.map((event) => event.id));
  });

  test('a replay with stopAt replays only that many parked messages', async () => {
    const stream = uniqueName('ps_parked');
    const group = await groups.onStream(stream);
    const events = numberedEvents(3);
    await client.appendToStream(stream, events);
    const consumer = await startConsumer(
      client.subscribeToPersistentSubscriptionToStream(stream, group),
      parkFirstSightings(),
    );
    await waitForParked(client, stream, group, 3);
    await client.replayParkedMessagesToStream(stream, group, { stopAt: 2 });
    const [first, second, third] = events.map((event) => event.id);
    if (first === undefined || second === undefined || third === undefined) throw new Error('ids');
    await waitFor('the first two parked messages to come back', () =>
      [first, second].every((id) => sightings(consumer, id) === 2),
    );
    await sleep(1_500);
    expect(sightings(consumer, third)).toBe(1);

    await client.replayParkedMessagesToStream(stream, group);
    await waitFor('the last parked message to come back', () => sightings(consumer, third) === 2);
    await consumer.stop();
    expect(replayedIds(consumer)).toEqual([first, second, third]);
  });

  test('a $all group parks into $persistentsubscription-$all::{group}-parked and replays', async () => {
    const prefix = uniqueName('ps_parked_all');
    const group = await groups.onAll(prefix);
    const events = numberedEvents(2);
    await client.appendToStream(`${prefix}-a`, events);
    const consumer = await startConsumer(
      client.subscribeToPersistentSubscriptionToAll(group),
      parkFirstSightings(),
    );
    const parked = await waitForParked(client, '$all', group, 2);
    expect(parked.map((resolved) => recorded(resolved).id)).toEqual(events.map((e) => e.id));
    await client.replayParkedMessagesToAll(group);
    await waitFor('both parked messages to come back', () =>
      events.every((event) => sightings(consumer, event.id) === 2),
    );
    await consumer.stop();
  });
});
