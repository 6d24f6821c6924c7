import { PARK, RETRY, SKIP, STOP, type EventStoreDBClient } from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectClient, disposeClient, uniqueName } from './client.ts';
import {
  ackEach,
  holdEach,
  nackEach,
  startConsumer,
  type Consumer,
  type Delivery,
} from './consumer.ts';
import { isEvent, markerEvent, numberedEvents } from './events.ts';
import { groupsFor, readParked, waitForParked, type Groups } from './persistent.ts';
import { recorded } from './read.ts';
import { sleep, waitFor } from './wait.ts';

const retryCountsOf = <T extends Delivery>(consumer: Consumer<T>, id: string): number[] =>
  consumer.deliveries.filter(isEvent(id)).map((delivery) => delivery.retryCount);

/** Longer than a 1 s message timeout plus the server's timeout check: long enough to retry. */
const pastMessageTimeout = 2_500;

// Acknowledging persistent subscription messages, as documented in "Persistent subscriptions"
// (server docs: acknowledging, parked messages; gRPC clients: ack and the nack actions park,
// retry, skip and stop) and the settings messageTimeout and maxRetryCount.
describe('persistent subscriptions: ack and nack', () => {
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

  test('acked events are not delivered again', async () => {
    const stream = uniqueName('ps_ack');
    const group = await groups.onStream(stream, { messageTimeout: 1_000 });
    await client.appendToStream(stream, numberedEvents(3));
    const consumer = await startConsumer(
      client.subscribeToPersistentSubscriptionToStream(stream, group),
      ackEach,
    );
    await waitFor('3 deliveries', () => consumer.deliveries.length === 3);
    await sleep(pastMessageTimeout);
    await consumer.stop();
    expect(new Set(consumer.ids()).size).toBe(3);
    expect(consumer.deliveries).toHaveLength(3);
    expect(await readParked(client, stream, group)).toEqual([]);
  });

  test('nack retry redelivers with retryCount raised, and parks after maxRetryCount retries', async () => {
    const stream = uniqueName('ps_retry');
    const group = await groups.onStream(stream, { maxRetryCount: 2 });
    const [event] = numberedEvents(1);
    if (event === undefined) throw new Error('no event to append');
    await client.appendToStream(stream, event);
    const consumer = await startConsumer(
      client.subscribeToPersistentSubscriptionToStream(stream, group),
      nackEach(RETRY),
    );
    const [parked] = await waitForParked(client, stream, group, 1);
    await sleep(500);
    await consumer.stop();
    expect(retryCountsOf(consumer, event.id)).toEqual([0, 1, 2]);
    expect(parked && recorded(parked).id).toBe(event.id);
  });

  test('a message not settled within messageTimeout comes back with retryCount raised, then is parked', async () => {
    const stream = uniqueName('ps_timeout');
    const group = await groups.onStream(stream, { messageTimeout: 1_000, maxRetryCount: 1 });
    const [event] = numberedEvents(1);
    if (event === undefined) throw new Error('no event to append');
    await client.appendToStream(stream, event);
    const consumer = await startConsumer(
      client.subscribeToPersistentSubscriptionToStream(stream, group),
      holdEach,
    );
    const [parked] = await waitForParked(client, stream, group, 1, 15_000);
    await consumer.stop();
    expect(retryCountsOf(consumer, event.id)).toEqual([0, 1]);
    expect(parked && recorded(parked).id).toBe(event.id);
  });

  test('nack park parks at once, without retrying', async () => {
    const stream = uniqueName('ps_park');
    const group = await groups.onStream(stream, { maxRetryCount: 10, messageTimeout: 1_000 });
    const [event] = numberedEvents(1);
    if (event === undefined) throw new Error('no event to append');
    await client.appendToStream(stream, event);
    const consumer = await startConsumer(
      client.subscribeToPersistentSubscriptionToStream(stream, group),
      nackEach(PARK),
    );
    await waitForParked(client, stream, group, 1);
    await sleep(pastMessageTimeout);
    await consumer.stop();
    expect(retryCountsOf(consumer, event.id)).toEqual([0]);
  });

  test('nack skip drops the message: neither delivered again nor parked', async () => {
    const stream = uniqueName('ps_skip');
    const group = await groups.onStream(stream, { messageTimeout: 1_000 });
    const [skipped] = numberedEvents(1);
    const marker = markerEvent();
    if (skipped === undefined) throw new Error('no event to append');
    await client.appendToStream(stream, [skipped, marker]);
    const consumer = await startConsumer(
      client.subscribeToPersistentSubscriptionToStream(stream, group),
      (delivery, subscription) =>
        isEvent(skipped.id)(delivery)
          ? subscription.nack(SKIP, 'contract test: skip', delivery)
          : subscription.ack(delivery),
    );
    await waitFor('the marker', () => consumer.deliveries.some(isEvent(marker.id)));
    await sleep(pastMessageTimeout);
    await consumer.stop();
    expect(retryCountsOf(consumer, skipped.id)).toEqual([0]);
    expect(await readParked(client, stream, group)).toEqual([]);
  });

  test('nack stop neither parks nor loses the message: it is delivered again', async () => {
    const stream = uniqueName('ps_stop');
    const group = await groups.onStream(stream, { messageTimeout: 1_000 });
    const [event] = numberedEvents(1);
    if (event === undefined) throw new Error('no event to append');
    await client.appendToStream(stream, event);
    const seen = new Set<string>();
    const first = await startConsumer(
      client.subscribeToPersistentSubscriptionToStream(stream, group),
      (delivery, subscription) => {
        if (seen.has(recorded(delivery).id)) return subscription.ack(delivery);
        seen.add(recorded(delivery).id);
        return subscription.nack(STOP, 'contract test: stop', delivery);
      },
    );
    await waitFor('the first delivery', () => first.deliveries.length > 0);
    // "Stop" may end this consumer's subscription; a second consumer then gets the message.
    const second = await startConsumer(
      client.subscribeToPersistentSubscriptionToStream(stream, group),
      ackEach,
    );
    await waitFor(
      'the stopped message to be delivered again',
      () => retryCountsOf(first, event.id).length + retryCountsOf(second, event.id).length >= 2,
      10_000,
    );
    await Promise.all([first.stop(), second.stop()]);
    expect(retryCountsOf(first, event.id)[0]).toBe(0);
    expect(await readParked(client, stream, group)).toEqual([]);
  });
});
