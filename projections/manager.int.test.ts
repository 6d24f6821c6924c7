import { randomUUID } from 'node:crypto';
import { jsonEvent } from '@eventstore/db-client';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { projectionCodec } from '../api/roles/projections.ts';
import { createEventStore } from '../infra/eventstore/event-store.ts';
import { silentLogger } from '../infra/logger.ts';
import { createMetrics } from '../infra/metrics.ts';
import { createMemoryChangeFeed } from '../infra/readmodels/change-feed.ts';
import { createMemoryStore } from '../infra/readmodels/memory-store.ts';
import { countingClient } from '../infra/eventstore/testing/counting-client.ts';
import { productMetadata } from '../infra/eventstore/testing/stored.ts';
import { serverUrl } from '../infra/test-servers/use-server.ts';
import { allProjections } from './index.ts';
import { startProjections } from './manager.ts';
import { pointersOf, requestRebuild } from './pointers.ts';

describe('the projections of a process', () => {
  it('read $all once for every live read model, and once more for a rebuild', async () => {
    // The client is wrapped to count the catch-up subscriptions the projections open.
    const { client, subscriptions } = countingClient(serverUrl('eventstore'));
    const store = createEventStore(client);
    const readStore = createMemoryStore();
    const runtime = startProjections({
      store: readStore,
      client,
      codec: projectionCodec,
      feed: createMemoryChangeFeed(),
      projections: allProjections,
      idPrefix: randomUUID().slice(0, 8), // nothing of other tests
      head: () => store.headPosition(),
      logger: silentLogger(),
      metrics: createMetrics({ defaultMetrics: false }),
      tickMs: 20,
    });
    try {
      await runtime.caughtUp();
      expect(subscriptions()).toBe(1);

      const pointers = pointersOf(readStore);
      const before = (await pointers.get('order_summaries'))?.active;
      await requestRebuild(pointers, 'order_summaries', 1, 'test', new Date());
      for (let tries = 0; (await pointers.get('order_summaries'))?.active === before; tries++) {
        if (tries > 500) throw new Error('the rebuild did not switch over');
        await sleep(20);
      }
      expect(subscriptions()).toBe(2);
    } finally {
      await runtime.stop();
      await store.close();
    }
  });

  it('count as caught up when the last event they read is one they had to skip (unreadable)', async () => {
    const { client } = countingClient(serverUrl('eventstore'));
    const store = createEventStore(client);
    const idPrefix = randomUUID().slice(0, 8);
    // A restock they apply, then, last in their streams, one that fails its schema: they skip it,
    // and must still count as caught up (the last event they applied is not the last one there).
    const sku = `${idPrefix}-A`;
    const restocked = (quantity: unknown) =>
      jsonEvent({
        type: 'StockRestocked',
        data: { sku, quantity, restockedAt: '2026-01-02T03:04:05.000Z' },
        metadata: productMetadata,
      });
    await client.appendToStream(`inventory-${sku}`, [restocked(5), restocked('lots')]);
    const runtime = startProjections({
      store: createMemoryStore(),
      client,
      codec: projectionCodec,
      feed: createMemoryChangeFeed(),
      projections: allProjections,
      idPrefix,
      head: () => store.headPosition(),
      logger: silentLogger(),
      metrics: createMetrics({ defaultMetrics: false }),
      tickMs: 20,
    });
    try {
      const ready = await Promise.race([
        runtime.caughtUp().then(() => 'caught up'),
        sleep(15_000).then(() => 'still waiting after 15 s'),
      ]);
      expect(ready).toBe('caught up');
    } finally {
      await runtime.stop();
      await store.close();
    }
  });
});
