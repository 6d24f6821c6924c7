import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { orderListRoutes } from '../api/routes/order-list.ts';
import { createOrderCursors } from '../api/routes/order-cursor.ts';
import { createApp } from '../api/app.ts';
import { ownTokens } from '../api/auth/own-tokens.ts';
import { signingKeyFromSecret } from '../api/auth/signing-key.ts';
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

// `npm run bench -- orders-query [--orders 1000000] [--mongo-orders 10000]`: first pages of
// GET /api/orders over HTTP (by status; newest and oldest first; by total both ways; a search by
// product name, by sku, and one that matches nothing, which spends the whole search budget; and
// a second page), on order summaries in memory (embedded mode) and in the
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

// 500 products, named from a few words, so a name search matches about one order in twenty.
const words = [
  'Ceramic',
  'Linen',
  'Walnut',
  'Copper',
  'Wool',
  'Glass',
  'Oak',
  'Steel',
  'Cotton',
  'Clay',
];
const things = ['Mug', 'Lamp', 'Chair', 'Towel', 'Vase', 'Bowl', 'Throw', 'Shelf', 'Kettle', 'Rug'];
const productOf = (p: number) => ({
  sku: `SKU-${p}`,
  name: `${words[p % 10] ?? ''} ${things[Math.floor(p / 10) % 10] ?? ''} ${p}`,
});

const summaryOf = (n: number): OrderSummaryDoc => {
  const placedAt = new Date(Date.UTC(2025, 0, 1) + n * 1_000).toISOString();
  const status = orderStatuses[n % orderStatuses.length] ?? 'placed';
  const price = { amount: 500 + ((n * 7_919) % 9_000), currency: 'EUR' };
  const product = productOf((n * 31) % 500);
  return {
    _id: `order-${String(n).padStart(8, '0')}`,
    _position: positionKey({ commit: n * 100, prepare: n * 100 }),
    orderId: `order-${String(n).padStart(8, '0')}`,
    customerId: `customer-${n % 50_000}`,
    status,
    lines: [{ ...product, quantity: 1, unitPrice: price, lineTotal: price }],
    lineCount: 1,
    skus: [product.sku],
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

/** What is asked, and how many items the answer must hold (`search`: up to a page, fewer on a small store). */
const queries: readonly { name: string; path: (n: number) => string; items?: number | 'search' }[] =
  [
    {
      name: 'status, newest first',
      path: (n) => `status=${orderStatuses[n % orderStatuses.length] ?? 'placed'}`,
    },
    { name: 'newest first', path: () => '' },
    { name: 'oldest first', path: () => 'sort=placedAt:asc' },
    { name: 'largest total first', path: () => 'sort=total:desc' },
    { name: 'smallest total first', path: () => 'sort=total:asc' },
    { name: 'search a name word', path: (n) => `q=${things[n % 10] ?? 'mug'}`, items: 'search' },
    {
      name: 'search a sku',
      path: (n) => `q=SKU-${(n * 37) % 500}&sort=total:desc`,
      items: 'search',
    },
    // Matches nothing: the request looks at its whole budget and answers empty with a cursor.
    { name: 'search, no match', path: () => 'q=nothing-like-it', items: 0 },
  ];

interface Server {
  readonly get: (query: string) => Promise<{ items: unknown[]; nextCursor: string | null }>;
  readonly close: () => void;
}

const serve = async (store: ReadModelStore): Promise<Server> => {
  const tokens = ownTokens(await signingKeyFromSecret(secret), {
    issuer: 'order-ledger',
    audience: 'order-ledger',
  });
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
  return {
    get: async (query) => {
      const response = await fetch(`http://127.0.0.1:${port}/api/orders?limit=25&${query}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (!response.ok) throw new Error(`unexpected answer ${response.status} to ${query}`);
      return (await response.json()) as { items: unknown[]; nextCursor: string | null };
    },
    close: () => server.close(),
  };
};

/** Latencies (ms) of each query's first page over HTTP, and of a second page of the first. */
const measure = async (store: ReadModelStore, count: number): Promise<Map<string, number[]>> => {
  const server = await serve(store);
  const latencies = new Map<string, number[]>();
  const timed = async (name: string, n: number, query: string, items: number | 'search') => {
    const started = performance.now();
    const page = await server.get(query);
    const took = performance.now() - started;
    if (items === 'search' ? page.items.length > 25 : page.items.length !== items)
      throw new Error(`${name}: ${page.items.length} items, not ${items}`);
    if (n >= 5) latencies.set(name, [...(latencies.get(name) ?? []), took]); // the first five warm up
    return page;
  };
  try {
    for (let n = 0; n < count + 5; n++) {
      for (const query of queries) {
        const page = await timed(query.name, n, query.path(n), query.items ?? 25);
        if (query.name === 'largest total first' && page.nextCursor !== null)
          await timed(
            'largest total, second page',
            n,
            `sort=total:desc&cursor=${encodeURIComponent(page.nextCursor)}`,
            25,
          );
      }
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
const figures = (label: string, latencies: Map<string, number[]>): Figure[] =>
  [...latencies].flatMap(([name, values]) => [
    {
      name: `${label}: ${name} p50`,
      value: percentile(values, 50),
      unit: 'ms',
      target: { atMost: 100 },
    },
    {
      name: `${label}: ${name} p95`,
      value: percentile(values, 95),
      unit: 'ms',
      target: { atMost: 100 },
    },
  ]);
printFigures(
  `first pages of GET /api/orders over HTTP (${requests} requests of each in memory, ${mongoRequests} in the MongoDB-compatible store)`,
  [
    ...figures(`memory, ${memoryOrders.toLocaleString('en-US')} orders`, inMemory),
    ...figures(
      `${ferret ? 'FerretDB' : 'MongoDB'}, ${mongoOrders.toLocaleString('en-US')} orders`,
      inMongo,
    ),
  ],
);
