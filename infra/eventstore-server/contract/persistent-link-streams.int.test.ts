import { randomUUID } from 'node:crypto';
import {
  jsonEvent,
  type EventStoreDBClient,
  type PersistentSubscriptionToStreamResolvedEvent,
} from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectClient, disposeClient } from './client.ts';
import { ackEach, startConsumer, type Consumer } from './consumer.ts';
import { groupsFor, type Groups } from './persistent.ts';
import { linkData, uniqueCategory, waitForLinks } from './links.ts';
import { waitFor } from './wait.ts';

type Delivered = PersistentSubscriptionToStreamResolvedEvent;

// A persistent subscription group on a standard projection's link stream (`$ce-{category}`), as
// documented in "Persistent subscriptions" (a group on any stream, resolveLinkTos) and "System
// projections" ($by_category). A real server links behind the appends, so the tests wait for
// deliveries rather than assume when they come.
describe('persistent subscriptions on a link stream', () => {
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

  /** Appends one event named `type` to each stream in turn. */
  const appendTo = async (streams: readonly string[], types: readonly string[]) => {
    for (const [index, type] of types.entries()) {
      const stream = streams[index % streams.length] ?? '';
      await client.appendToStream(stream, [jsonEvent({ type, data: { type } })]);
    }
  };

  const waitForDeliveries = (consumer: Consumer<Delivered>, count: number) =>
    waitFor(`${count} deliveries`, () => consumer.deliveries.length >= count, 15_000);

  const waitForAllAcked = (stream: string, group: string) =>
    waitFor(
      'every delivery to be acked',
      async () => {
        const { stats } = await client.getPersistentSubscriptionToStreamInfo(stream, group);
        return stats.totalInFlightMessages === 0 && stats.retryBufferCount === 0;
      },
      10_000,
    );

  /** Given a group from the start of `$ce-{category}`, events before and after it connects. */
  const linkedAroundConnect = async (resolveLinkTos: boolean) => {
    const category = uniqueCategory('pslinks');
    const streams = [`${category}-${randomUUID()}`, `${category}-${randomUUID()}`];
    const linkStream = `$ce-${category}`;
    const group = await groups.onStream(linkStream, { resolveLinkTos });
    await appendTo(streams, ['One', 'Two', 'Three']);
    await waitForLinks(client, linkStream, { resolveLinkTos: false, count: 3 });
    const consumer = await startConsumer(
      client.subscribeToPersistentSubscriptionToStream(linkStream, group),
      ackEach,
    );
    await waitForDeliveries(consumer, 3);
    // b first now, so the two streams keep taking turns: a, b, a, then b, a, b.
    await appendTo([...streams].reverse(), ['Four', 'Five', 'Six']);
    await waitForDeliveries(consumer, 6);
    await waitForAllAcked(linkStream, group);
    await consumer.stop();
    return { streams, linkStream, deliveries: consumer.deliveries };
  };

  test('with resolveLinkTos, every event linked before and after the consumer connected arrives in order, with its link', async () => {
    const { streams, linkStream, deliveries } = await linkedAroundConnect(true);
    const [a, b] = streams;
    expect(deliveries.map((d) => [d.event?.streamId, d.event?.revision, d.event?.type])).toEqual([
      [a, 0n, 'One'],
      [b, 0n, 'Two'],
      [a, 1n, 'Three'],
      [b, 1n, 'Four'],
      [a, 2n, 'Five'],
      [b, 2n, 'Six'],
    ]);
    expect(deliveries.map((d) => [d.link?.streamId, d.link?.revision, d.link?.type])).toEqual(
      [0n, 1n, 2n, 3n, 4n, 5n].map((revision) => [linkStream, revision, '$>']),
    );
  });

  test('without resolveLinkTos, every link arrives in order as the $> event itself', async () => {
    const { streams, linkStream, deliveries } = await linkedAroundConnect(false);
    const [a, b] = streams;
    expect(
      deliveries.map((d) => [d.event?.streamId, d.event?.revision, d.event?.type, linkData(d)]),
    ).toEqual([
      [linkStream, 0n, '$>', `0@${a}`],
      [linkStream, 1n, '$>', `0@${b}`],
      [linkStream, 2n, '$>', `1@${a}`],
      [linkStream, 3n, '$>', `1@${b}`],
      [linkStream, 4n, '$>', `2@${a}`],
      [linkStream, 5n, '$>', `2@${b}`],
    ]);
    expect(deliveries.every((d) => d.link === undefined)).toBe(true);
  });
});
