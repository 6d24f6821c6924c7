import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { orderListRoutes } from '../api/routes/order-list.ts';
import { createOrderCursors } from '../api/routes/order-cursor.ts';
import { createApp } from '../api/app.ts';
import { hmacTokens } from '../api/auth/tokens.ts';
import { orderStatuses } from '../domain/order/state.ts';
import { silentLogger } from '../infra/logger.ts';
import { createMetrics } from '../infra/metrics.ts';
import { createMemoryStore } from '../infra/readmodels/memory-store.ts';
import { connectMongoStore } from '../infra/readmodels/mongo-store.ts';
import type { ReadModelStore } from '../infra/readmodels/store.ts';
import { startLocalFerretDb } from '../infra/test-servers/mongodb.ts';
import { orderSummaries, type OrderSummaryDoc } from '../projections/order-summaries/index.ts';
import { positionKey } from '../projections/position.ts';
import { createPointer, pointersOf } from '../projections/pointers.ts';
import { createReadModels } from '../projections/read-models.ts';
import { percentile, printFigures, type Figure } from './_report.ts';

// `npm run bench -- orders-query [--orders 1000000] [--mongo-orders 10000]`: the first page of
// GET /api/orders?status=… over HTTP, on order summaries in memory (embedded mode) and in the
// MongoDB-compatible store (MONGODB_URL, else a local FerretDB, which reads without secondary
// indexes: it gets fewer orders, and its figure says how it scales, not that it meets the target).
const argument = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(`--${name}`);
  const value = index === -1 ? undefined : Number(process.argv[index + 1]);
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
};
const memoryOrders = argument('orders', 1_000_000);
const mongoOrders = argument('mongo-orders', 10_000);
const requests = argument('requests', 200);
const mongoRequests = argument('mongo-requests', 20);
const secret = 'orders-query-bench-secret-0123456789abcdef';

const summaryOf = (n: number): OrderSummaryDoc => {
  const placedAt = new Date(Date.UTC(2025, 0, 1) + n * 1_000).toISOString();
  const status = orderStatuses[n % orderStatuses.length] ?? 'placed';
  const price = { amount: 500 + (n % 9_000), currency: 'EUR' };
  return {
    _id: `order-${String(n).padStart(8, '0')}`,
    _position: positionKey({ commit: n * 100, prepare: n * 100 }),
    orderId: `order-${String(n).padStart(8, '0')}`,
    customerId: `customer-${n % 50_000}`,
    status,
    lines: [
      { sku: `SKU-${n % 10}`, name: 'Product', quantity: 1, unitPrice: price, lineTotal: price },
    ],
    lineCount: 1,
    skus: [`SKU-${n % 10}`],
    total: price,
    placedAt,
    updatedAt: placedAt,
    steps: { placedAt },
    position: n * 100,
    stock: [],
  };
};

/** Fills the store's order_summaries the way the runner would, with its indexes. */
const fill = async (store: ReadModelStore, count: number) => {
  const pointer = await createPointer(
    pointersOf(store),
    orderSummaries.name,
    orderSummaries.version,
  );
  const collection = store.collection(pointer.active, orderSummaries.schema);
  await collection.ensureIndexes(orderSummaries.indexes);
  for (let from = 0; from < count; from += 1_000)
    await collection.bulkPut(
      Array.from({ length: Math.min(1_000, count - from) }, (_, i) => summaryOf(from + i)),
      'none',
    );
};

/** Latencies (ms) of first pages over HTTP, status filter in turn, newest first. */
const measure = async (store: ReadModelStore, count: number): Promise<number[]> => {
  const tokens = hmacTokens(secret, { issuer: 'order-ledger', audience: 'order-ledger' });
  const token = await tokens.issue({ sub: 'bench', roles: ['operator'] });
  const app = createApp({
    logger: silentLogger(),
    metrics: createMetrics(),
    verifier: tokens,
    routes: orderListRoutes(createReadModels(store), createOrderCursors(secret)),
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const latencies: number[] = [];
  try {
    for (let n = 0; n < count + 10; n++) {
      const started = performance.now();
      const response = await fetch(
        `http://127.0.0.1:${port}/api/orders?status=${orderStatuses[n % orderStatuses.length] ?? 'placed'}&limit=25`,
        {
          headers: { authorization: `Bearer ${token}` },
        },
      );
      const page = (await response.json()) as { items: unknown[] };
      if (!response.ok || page.items.length !== 25)
        throw new Error(`unexpected answer ${response.status}`);
      if (n >= 10) latencies.push(performance.now() - started); // the first ten warm up
    }
  } finally {
    server.close();
  }
  return latencies;
};

let started = performance.now();
const cpuBefore = process.cpuUsage();
const memory = createMemoryStore();
await fill(memory, memoryOrders);
// CPU time as well as wall time: on a shared machine the wall time says more about the neighbours.
const fillCpu = process.cpuUsage(cpuBefore);
console.log(
  `${memoryOrders} summaries in memory, indexed, in ${((performance.now() - started) / 1000).toFixed(1)} s (CPU ${((fillCpu.user + fillCpu.system) / 1e6).toFixed(1)} s)`,
);
const inMemory = await measure(memory, requests);

const ferret = process.env.MONGODB_URL ? undefined : await startLocalFerretDb();
const mongo = await connectMongoStore(
  process.env.MONGODB_URL ?? ferret?.url ?? '',
  `orders_query_${randomUUID().slice(0, 8)}`,
);
const inMongo = await (async () => {
  try {
    started = performance.now();
    await fill(mongo, mongoOrders);
    console.log(
      `${mongoOrders} summaries in ${ferret ? 'FerretDB' : 'MongoDB'} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    return await measure(mongo, mongoRequests);
  } finally {
    await mongo.close();
    await ferret?.stop();
  }
})();
const figures = (label: string, latencies: number[]): Figure[] => [
  { name: `${label} p50`, value: percentile(latencies, 50), unit: 'ms', target: { atMost: 100 } },
  { name: `${label} p95`, value: percentile(latencies, 95), unit: 'ms', target: { atMost: 100 } },
];
printFigures(
  `first page of GET /api/orders?status=… over HTTP (${requests} requests in memory, ${mongoRequests} in the MongoDB-compatible store)`,
  [
    ...figures(`memory, ${memoryOrders.toLocaleString('en-US')} orders`, inMemory),
    ...figures(
      `${ferret ? 'FerretDB' : 'MongoDB'}, ${mongoOrders.toLocaleString('en-US')} orders`,
      inMongo,
    ),
  ],
);
