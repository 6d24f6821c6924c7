import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { EventStoreDBClient } from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventStore } from '../../infra/eventstore/event-store.ts';
import { createMetrics } from '../../infra/metrics.ts';
import { startLocalKafka, type LocalKafka } from '../../infra/test-servers/kafka.ts';
import { serverUrl } from '../../infra/test-servers/use-server.ts';
import { bridgeMetrics } from './metrics.ts';
import { newIdentity, runBridge, untilSubscribed, waitUntil } from './testing/bridge.ts';
import { appendUntil } from './testing/history.ts';
import {
  createTestTopics,
  expectExactlyOnceInOrder,
  readCommitted,
  testKafka,
} from './testing/kafka.ts';

// Stopping the shared broker would break the tests beside this file, so this one has its own.
describe('the Kafka bridge while its broker is stopped for 10 s', () => {
  let broker: LocalKafka;
  let client: EventStoreDBClient;
  beforeAll(async () => {
    client = EventStoreDBClient.connectionString(serverUrl('eventstore'));
    broker = await startLocalKafka();
  });
  afterAll(async () => {
    await broker.dispose();
    await client.dispose();
  });

  it('publishes every event appended meanwhile exactly once, in stream order, once it is back', async () => {
    const kafka = testKafka(broker.brokers);
    const identity = newIdentity(await createTestTopics(kafka));
    const metrics = createMetrics({ defaultMetrics: false });
    const running = runBridge(client, broker.brokers, identity, { metrics });
    const appending = new AbortController();
    try {
      await untilSubscribed(running.bridge);
      const { appended, done } = appendUntil(
        createEventStore(client),
        randomUUID().slice(0, 8),
        appending.signal,
      );
      await waitUntil(
        'the bridge to publish',
        () => running.bridge.status().publishing.published > 50,
      );
      await broker.stop();
      const whenStopped = appended.length;
      await sleep(10_000);
      expect(appended.length, 'events appended while the broker is away').toBeGreaterThan(
        whenStopped,
      );
      await broker.start();
      await sleep(1_000);
      appending.abort();
      await done;

      const ids = new Set(appended.map((event) => event.id));
      const records = await readCommitted(
        kafka,
        [identity.topics.orders, identity.topics.inventory, identity.topics.payments],
        (read) =>
          read.filter((record) => ids.has(record.headers['event-id'] ?? '')).length >= ids.size,
        { timeoutMs: 40_000 },
      );
      expectExactlyOnceInOrder(records, [...ids]);
      expect((await bridgeMetrics(metrics).failures.get()).values[0]?.value).toBeGreaterThan(0);
      expect(running.bridge.status().subscription?.poison).toBe(0);
    } finally {
      appending.abort();
      await running.stop();
    }
  });
});
