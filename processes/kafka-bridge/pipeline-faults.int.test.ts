import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backoffDelay } from '../../infra/eventstore/backoff.ts';
import { silentLogger } from '../../infra/logger.ts';
import { createMetrics } from '../../infra/metrics.ts';
import { startLocalKafka, type LocalKafka } from '../../infra/test-servers/kafka.ts';
import { toBridged, type BridgedEvent } from './mapping.ts';
import { bridgeMetrics } from './metrics.ts';
import { startPipeline } from './pipeline.ts';
import { createTransactionalSession } from './session.ts';
import {
  createTestTopics,
  expectExactlyOnceInOrder,
  readCommitted,
  testKafka,
} from './testing/kafka.ts';
import { waitUntil } from './testing/bridge.ts';
import { recorded } from './testing/recorded.ts';

// Stopping the shared broker would break the tests beside this file, so this one has its own.
describe('publishing while the Kafka broker is stopped for 10 s', () => {
  let broker: LocalKafka;
  beforeAll(async () => {
    broker = await startLocalKafka();
  });
  afterAll(async () => {
    await broker.dispose();
  });

  it('publishes every event exactly once, in stream order, once the broker is back', async () => {
    const kafka = testKafka(broker.brokers);
    const topics = await createTestTopics(kafka);
    const controller = new AbortController();
    const metrics = bridgeMetrics(createMetrics({ defaultMetrics: false }));
    const pipeline = startPipeline({
      transactions: createTransactionalSession({
        kafka,
        transactionalId: `bridge-test-${randomUUID()}`,
        topics,
        logger: silentLogger(),
      }),
      tuning: { retryDelay: (attempt) => backoffDelay(attempt, 200, 1_000) },
      metrics,
      logger: silentLogger(),
      signal: controller.signal,
    });
    const streams = ['SKU-1', 'SKU-2', 'SKU-3', 'SKU-4', 'SKU-5', 'SKU-6'];
    const events: BridgedEvent[] = [];
    const deliveries: Promise<void>[] = [];
    const feeding = new AbortController();
    const feeder = (async () => {
      for (let index = 0; !feeding.signal.aborted; index++) {
        const sku = streams[index % streams.length] ?? 'SKU-1';
        const event = toBridged(
          recorded(
            `inventory-${sku}`,
            Math.floor(index / streams.length),
            {
              type: 'StockRestocked',
              data: { sku, quantity: 1, restockedAt: '2025-03-01T10:00:00.000Z' },
            },
            { id: randomUUID() },
          ),
          topics,
        );
        if (event === undefined) throw new Error('inventory streams are bridged');
        events.push(event);
        deliveries.push(pipeline.submit(event));
        await sleep(10);
      }
    })();

    try {
      await waitUntil('the pipeline to publish', () => pipeline.status().published > 50);
      await broker.stop();
      await sleep(10_000);
      await broker.start();
      await sleep(1_000);
      feeding.abort();
      await feeder;
      await Promise.all(deliveries);

      const { published, skipped, session } = pipeline.status();
      // A commit whose answer was lost with the broker is found in the next session: skipped.
      expect({ counted: published + skipped, session }).toEqual({
        counted: events.length,
        session: 'open',
      });
      expect((await metrics.failures.get()).values[0]?.value).toBeGreaterThan(0);
      expect(events.length).toBeGreaterThan(600);
      const records = await readCommitted(
        kafka,
        [topics.inventory],
        (read) => read.length >= events.length,
      );
      expectExactlyOnceInOrder(
        records,
        events.map((event) => event.id),
      );
    } finally {
      feeding.abort();
      controller.abort();
      await pipeline.done;
    }
  });
});
