import { createServer } from 'node:http';
import type { EventStoreDBClient } from '@eventstore/db-client';
import { createApp } from '../api/app.ts';
import { ownTokens } from '../api/auth/own-tokens.ts';
import { signingKeyFromSecret } from '../api/auth/signing-key.ts';
import { projectionCodec } from '../api/roles/projections.ts';
import { createOrderCursors } from '../api/routes/order-cursor.ts';
import { orderListRoutes } from '../api/routes/order-list.ts';
import type { LogPosition } from '../infra/eventstore/recorded.ts';
import { silentLogger } from '../infra/logger.ts';
import { createMetrics } from '../infra/metrics.ts';
import { createMemoryChangeFeed } from '../infra/readmodels/change-feed.ts';
import { createMemoryStore } from '../infra/readmodels/memory-store.ts';
import { startProjections } from '../projections/manager.ts';
import { orderSummaries } from '../projections/order-summaries/index.ts';
import { createReadModels } from '../projections/read-models.ts';
import { percentile, type Figure } from './_report.ts';

// The operators' orders table over the seeded history, as embedded mode serves it: order_summaries
// rebuilt from the log into memory, then GET /api/orders first pages over HTTP (the table's
// default, a status filter, the largest totals first), each `calls` times after five to warm up.

const secret = 'analytics-bench-secret-0123456789abcdef';
const pageSize = 50;
const tablePages: Readonly<Record<string, string>> = {
  'newest first': '',
  'status=shipped, newest first': 'status=shipped',
  'largest total first': 'sort=total:desc',
};

export const ordersTableFigures = async (
  client: EventStoreDBClient,
  head: () => Promise<LogPosition | undefined>,
  calls: number,
): Promise<{ figures: Figure[]; rebuildSeconds: number; orders: number }> => {
  const store = createMemoryStore();
  const started = performance.now();
  const runtime = startProjections({
    store,
    client,
    codec: projectionCodec,
    feed: createMemoryChangeFeed(),
    projections: [orderSummaries],
    head,
    logger: silentLogger(),
    metrics: createMetrics(),
    maxBatch: 1_000,
  });
  await runtime.caughtUp();
  const rebuildSeconds = (performance.now() - started) / 1000;
  await runtime.stop();
  const readModels = createReadModels(store);
  const orders = (await (await readModels.active(orderSummaries))?.count()) ?? 0;

  const tokens = ownTokens(await signingKeyFromSecret(secret), {
    issuer: 'order-ledger',
    audience: 'order-ledger',
  });
  const token = await tokens.issue({ sub: 'bench', roles: ['operator'] });
  const app = createApp({
    logger: silentLogger(),
    metrics: createMetrics(),
    verifier: tokens,
    routes: orderListRoutes(readModels, createOrderCursors(secret)),
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const figures: Figure[] = [];
  try {
    for (const [name, query] of Object.entries(tablePages)) {
      const times: number[] = [];
      const before = process.cpuUsage();
      for (let n = 0; n < calls + 5; n++) {
        const t = performance.now();
        const response = await fetch(
          `http://127.0.0.1:${String(port)}/api/orders?limit=${String(pageSize)}&${query}`,
          { headers: { authorization: `Bearer ${token}` } },
        );
        const page: unknown = await response.json();
        if (!response.ok) throw new Error(`${name}: ${String(response.status)}`);
        // A page that is empty would time nothing worth timing.
        if (typeof page !== 'object' || page === null || !('items' in page))
          throw new Error(`${name}: not a page`);
        if (!Array.isArray(page.items) || page.items.length === 0)
          throw new Error(`${name}: an empty page`);
        if (n >= 5) times.push(performance.now() - t);
      }
      const used = process.cpuUsage(before);
      figures.push({
        name: `orders table, first page of ${String(pageSize)}, ${name}: p95 of ${String(calls)}`,
        value: percentile(times, 95),
        unit: `ms (CPU ${((used.user + used.system) / 1000 / (calls + 5)).toFixed(1)} ms a call, server and client)`,
        target: { atMost: 100 },
      });
    }
  } finally {
    server.close();
  }
  return { figures, rebuildSeconds, orders };
};
