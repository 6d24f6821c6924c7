import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { projectionCodec } from '../api/roles/projections.ts';
import { createEventStore } from '../infra/eventstore/event-store.ts';
import { silentLogger } from '../infra/logger.ts';
import { createMetrics } from '../infra/metrics.ts';
import { createMemoryChangeFeed } from '../infra/readmodels/change-feed.ts';
import { createMemoryStore } from '../infra/readmodels/memory-store.ts';
import { countingClient } from '../infra/eventstore/testing/counting-client.ts';
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
});
