import {
  DISPATCH_TO_SINGLE,
  PINNED,
  PersistentSubscriptionMaximumSubscribersReachedError,
  ROUND_ROBIN,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectClient, disposeClient, uniqueName } from './client.ts';
import { ackEach, holdEach, startConsumer } from './consumer.ts';
import { numberedEvents } from './events.ts';
import { groupsFor, type Groups } from './persistent.ts';
import { recorded } from './read.ts';
import { firstError, sleep, waitFor } from './wait.ts';

/** Long enough for a server that sends too much to have sent it. */
const settle = 750;

// Competing consumers, as documented in "Persistent subscriptions" (server docs and gRPC
// clients): consumer strategies RoundRobin, DispatchToSingle and Pinned; the client bufferSize
// as the number of in-flight messages the server allows it; maxSubscriberCount.
describe('persistent subscriptions: competing consumers', () => {
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

  test('RoundRobin spreads the events over the consumers, each event once', async () => {
    const stream = uniqueName('ps_rr');
    const group = await groups.onStream(stream, { consumerStrategyName: ROUND_ROBIN });
    const subscribe = () =>
      startConsumer(client.subscribeToPersistentSubscriptionToStream(stream, group), ackEach);
    const [a, b] = await Promise.all([subscribe(), subscribe()]);
    // One event at a time, each once the previous arrived: no consumer is ever full, so only
    // the strategy decides who gets what (a burst would also spread under DispatchToSingle).
    const events = numberedEvents(10);
    for (const [index, event] of events.entries()) {
      await client.appendToStream(stream, event);
      await waitFor(
        `delivery ${index + 1}`,
        () => a.deliveries.length + b.deliveries.length > index,
      );
    }
    await sleep(settle);
    await Promise.all([a.stop(), b.stop()]);
    expect([...a.ids(), ...b.ids()].sort()).toEqual(events.map((event) => event.id).sort());
    expect(a.deliveries.length).toBeGreaterThanOrEqual(3);
    expect(b.deliveries.length).toBeGreaterThanOrEqual(3);
  });

  test('DispatchToSingle gives one consumer everything while it is there', async () => {
    const stream = uniqueName('ps_single');
    const group = await groups.onStream(stream, { consumerStrategyName: DISPATCH_TO_SINGLE });
    const subscribe = () =>
      startConsumer(
        client.subscribeToPersistentSubscriptionToStream(stream, group, { bufferSize: 10 }),
        ackEach,
      );
    const [a, b] = await Promise.all([subscribe(), subscribe()]);
    await client.appendToStream(stream, numberedEvents(8));
    await waitFor('8 deliveries', () => a.deliveries.length + b.deliveries.length >= 8);
    await sleep(settle);
    const [busy, idle] = a.deliveries.length > 0 ? [a, b] : [b, a];
    expect(busy.deliveries).toHaveLength(8);
    expect(idle.deliveries).toHaveLength(0);

    await busy.stop();
    const later = numberedEvents(3, 8);
    await client.appendToStream(stream, later);
    await waitFor('the other consumer to take over', () => idle.deliveries.length >= 3);
    await idle.stop();
    expect(idle.ids()).toEqual(later.map((event) => event.id));
  });

  test('Pinned sends every event of a stream to the same consumer', async () => {
    const prefix = uniqueName('ps_pinned');
    const group = await groups.onAll(prefix, { consumerStrategyName: PINNED });
    const subscribe = () =>
      startConsumer(client.subscribeToPersistentSubscriptionToAll(group), ackEach);
    const [a, b] = await Promise.all([subscribe(), subscribe()]);
    // An odd number of streams written in rounds: taking turns would split every stream.
    const streams = Array.from({ length: 15 }, (_, index) => `${prefix}-s${index}`);
    for (let round = 0; round < 3; round += 1) {
      for (const stream of streams) await client.appendToStream(stream, numberedEvents(1, round));
    }
    await waitFor('45 deliveries', () => a.deliveries.length + b.deliveries.length >= 45);
    await sleep(settle);
    await Promise.all([a.stop(), b.stop()]);
    expect(new Set([...a.ids(), ...b.ids()]).size).toBe(45);
    const streamsOf = (consumer: typeof a) =>
      new Set(consumer.deliveries.map((delivery) => recorded(delivery).streamId));
    const [ofA, ofB] = [streamsOf(a), streamsOf(b)];
    expect([...ofA].filter((stream) => ofB.has(stream))).toEqual([]);
    // Buckets are shared between the consumers ("a balanced workload"): both get streams.
    expect(ofA.size).toBeGreaterThan(0);
    expect(ofB.size).toBeGreaterThan(0);
  });

  test('a consumer with bufferSize N never holds more than N unsettled messages', async () => {
    const stream = uniqueName('ps_buffer');
    const group = await groups.onStream(stream, { messageTimeout: 30_000 });
    await client.appendToStream(stream, numberedEvents(12));
    const consumer = await startConsumer(
      client.subscribeToPersistentSubscriptionToStream(stream, group, { bufferSize: 5 }),
      holdEach,
    );
    await waitFor('5 deliveries', () => consumer.deliveries.length >= 5);
    await sleep(settle);
    expect(consumer.deliveries).toHaveLength(5);

    const [first, second] = consumer.deliveries;
    if (first === undefined || second === undefined) throw new Error('deliveries vanished');
    await consumer.subscription.ack(first, second);
    await waitFor('2 more deliveries', () => consumer.deliveries.length >= 7);
    await sleep(settle);
    await consumer.stop();
    expect(consumer.deliveries).toHaveLength(7);
  });

  test('maxSubscriberCount refuses consumers beyond it', async () => {
    const stream = uniqueName('ps_max');
    const group = await groups.onStream(stream, { maxSubscriberCount: 1 });
    const first = await startConsumer(
      client.subscribeToPersistentSubscriptionToStream(stream, group),
      ackEach,
    );
    const second = client.subscribeToPersistentSubscriptionToStream(stream, group);
    const error = await firstError(second, 'the second consumer to be refused');
    second.destroy();
    await first.stop();
    expect(error).toBeInstanceOf(PersistentSubscriptionMaximumSubscribersReachedError);
  });
});
