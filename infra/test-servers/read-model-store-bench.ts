// `node infra/test-servers/read-model-store-bench.ts [--orders 10000] [--rounds 5] [--backends
// postgresql,sqlite]`: the read-model store the tests get (FerretDB, on PostgreSQL or SQLite)
// measured on the queries behind GET /api/orders' first page. Each backend gets a server of its
// own, `--orders` order summaries with the read model's own indexes, then `--rounds` rounds of
// every query (one per status where it filters by status); it prints min, median, p90 and max.
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { orderStatuses } from '../../domain/order/state.ts';
import { connectMongoStore } from '../readmodels/mongo-store.ts';
import type { Filter, ReadModelCollection, SortSpec } from '../readmodels/store.ts';
import { orderSummaries, type OrderSummaryDoc } from '../../projections/order-summaries/index.ts';
import { positionKey } from '../../projections/position.ts';
import { startLocalFerretDb, type FerretDbBackend } from './mongodb.ts';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '5' },
    backends: { type: 'string', default: 'postgresql,sqlite' },
  },
});
const orders = Number(values.orders);
const rounds = Number(values.rounds);
const backends = values.backends
  .split(',')
  .filter((b): b is FerretDbBackend => b === 'postgresql' || b === 'sqlite');

const newestFirst: SortSpec = [
  ['placedAt', -1],
  ['_id', -1],
];
const largestFirst: SortSpec = [
  ['total.amount', -1],
  ['_id', -1],
];
// The list's first page asks for one more than the page (26) to know whether there is a next.
const queries: readonly { name: string; filter: (n: number) => Filter; sort: SortSpec }[] = [
  { name: 'status, newest first', filter: (n) => ({ status: statusOf(n) }), sort: newestFirst },
  { name: 'newest first', filter: () => ({}), sort: newestFirst },
  {
    name: 'customer, newest first',
    filter: (n) => ({ customerId: `customer-${n % 100}` }),
    sort: newestFirst,
  },
  {
    name: 'status, largest total first',
    filter: (n) => ({ status: statusOf(n) }),
    sort: largestFirst,
  },
];

const statusOf = (n: number) => orderStatuses[n % orderStatuses.length] ?? 'placed';

const summaryOf = (n: number): OrderSummaryDoc => {
  const placedAt = new Date(Date.UTC(2025, 0, 1) + n * 1_000).toISOString();
  const price = { amount: 500 + ((n * 7_919) % 9_000), currency: 'EUR' };
  const line = {
    sku: `SKU-${n % 500}`,
    name: `Product ${n % 500}`,
    quantity: 1,
    unitPrice: price,
    lineTotal: price,
  };
  const orderId = `order-${String(n).padStart(8, '0')}`;
  return {
    _id: orderId,
    _position: positionKey({ commit: n * 100, prepare: n * 100 }),
    orderId,
    customerId: `customer-${n % 100}`,
    status: statusOf(n),
    lines: [line],
    lineCount: 1,
    skus: [line.sku],
    total: price,
    placedAt,
    updatedAt: placedAt,
    steps: { placedAt },
    position: n * 100,
    stock: [],
  };
};

const fill = async (collection: ReadModelCollection<OrderSummaryDoc>) => {
  await collection.ensureIndexes(orderSummaries.indexes);
  for (let from = 0; from < orders; from += 1_000)
    await collection.bulkPut(
      Array.from({ length: Math.min(1_000, orders - from) }, (_, i) => summaryOf(from + i)),
      'none',
    );
};

const stats = (samples: readonly number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { min: at(0), median: at(0.5), p90: at(0.9), max: at(1) };
};

const ms = (value: number) => value.toFixed(value < 10 ? 1 : 0).padStart(7);

for (const backend of backends) {
  const server = await startLocalFerretDb({ backend });
  const store = await connectMongoStore(server.url, `bench_${randomUUID().slice(0, 8)}`);
  try {
    const collection = store.collection('order_summaries_v1', orderSummaries.schema);
    const fillStarted = performance.now();
    await fill(collection);
    const fillSeconds = (performance.now() - fillStarted) / 1000;
    console.log(
      `\nFerretDB on ${backend}: ${orders} order summaries written in ${fillSeconds.toFixed(1)} s` +
        ` (load ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')})`,
    );
    console.log(
      `${'query'.padEnd(30)}    min  median     p90     max  (ms, ${rounds} rounds × ${orderStatuses.length})`,
    );
    for (const query of queries) {
      const samples: number[] = [];
      // The first of each query warms up (connection, plan cache); it is not counted.
      for (let n = -1; n < rounds * orderStatuses.length; n++) {
        const started = performance.now();
        const page = await collection.find({
          filter: query.filter(Math.max(0, n)),
          sort: query.sort,
          limit: 26,
        });
        if (page.length !== 26) throw new Error(`${query.name}: ${page.length} documents, not 26`);
        if (n >= 0) samples.push(performance.now() - started);
      }
      const { min, median, p90, max } = stats(samples);
      console.log(`${query.name.padEnd(30)}${ms(min)} ${ms(median)} ${ms(p90)} ${ms(max)}`);
    }
    console.log(
      `load afterwards: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    await store.close();
    await server.stop();
  }
}
