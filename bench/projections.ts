import { randomUUID } from 'node:crypto';
import { FORWARDS, START } from '@eventstore/db-client';
import { MongoClient } from 'mongodb';
import { projectionCodec } from '../api/roles/projections.ts';
import { connectEventStore } from '../infra/eventstore/event-store.ts';
import { silentLogger } from '../infra/logger.ts';
import { createMetrics } from '../infra/metrics.ts';
import { createMemoryChangeFeed } from '../infra/readmodels/change-feed.ts';
import { connectMongoStore } from '../infra/readmodels/mongo-store.ts';
import { startLocalFerretDb } from '../infra/test-servers/mongodb.ts';
import { startProjections } from '../projections/manager.ts';
import { orderSummaries } from '../projections/order-summaries/index.ts';
import { collectionName } from '../projections/pointers.ts';
import { eventStoreForBench } from './_eventstore-process.ts';
import { appendOrderLog } from '../projections/testing/order-log.ts';
import { printFigures } from './_report.ts';

// `npm run bench -- projections [--orders 20000]`: a log of that many orders' events in the
// embedded event store (its own process), then in one run: raw readAll events/s, raw bulk upserts
// of order-summary-sized documents per second into the MongoDB-compatible store (MONGODB_URL, else
// a local FerretDB), and a rebuild of order_summaries from position 0 into that store.
const argument = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(`--${name}`);
  const value = index === -1 ? undefined : Number(process.argv[index + 1]);
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
};
const orders = argument('orders', 20_000);
const upserts = argument('upserts', 20_000);

const server = await eventStoreForBench();
const ferret = process.env.MONGODB_URL ? undefined : await startLocalFerretDb();
const mongoUrl = process.env.MONGODB_URL ?? ferret?.url ?? '';
const store = connectEventStore(server.connectionString);
try {
  let started = performance.now();
  const events = await appendOrderLog(store, projectionCodec, orders);
  console.log(
    `appended ${events} events of ${orders} orders in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  started = performance.now();
  let read = 0;
  let matching = 0;
  for await (const resolved of store.client.readAll({ direction: FORWARDS, fromPosition: START })) {
    read++;
    const stream = resolved.event?.streamId ?? '';
    if (orderSummaries.categories.some((c) => stream.startsWith(`${c}-`))) matching++;
  }
  const readAllRate = read / ((performance.now() - started) / 1000);

  const database = `bench_${randomUUID().slice(0, 8)}`;
  const client = new MongoClient(mongoUrl, { ignoreUndefined: true });
  const rows = client.db(database).collection<{ _id: string }>('upserts');
  const doc = (n: number) => ({
    customerId: `customer-${n % 500}`,
    status: 'confirmed',
    lineCount: 2,
    skus: ['SKU-1', 'SKU-2'],
    lines: [
      {
        sku: 'SKU-1',
        name: 'Espresso beans',
        quantity: 2,
        unitPrice: { amount: 1999, currency: 'EUR' },
        lineTotal: { amount: 3998, currency: 'EUR' },
      },
    ],
    total: { amount: 5248, currency: 'EUR' },
    placedAt: new Date(n * 1000).toISOString(),
    updatedAt: new Date(n * 1000).toISOString(),
    steps: { placedAt: new Date(n * 1000).toISOString() },
    position: n,
    _position: String(n).padStart(28, '0'),
    stock: [],
  });
  started = performance.now();
  for (let from = 0; from < upserts; from += 500) {
    const batch = Array.from({ length: Math.min(500, upserts - from) }, (_, i) => from + i);
    await rows.bulkWrite(
      batch.map((n) => ({
        replaceOne: {
          filter: { _id: `o-${n}`, _position: { $lt: doc(n)._position } },
          replacement: doc(n),
          upsert: true,
        },
      })),
      { ordered: false },
    );
  }
  const upsertRate = upserts / ((performance.now() - started) / 1000);
  await client.db(database).dropDatabase();
  await client.close();

  const readStore = await connectMongoStore(mongoUrl, `${database}_rebuild`);
  started = performance.now();
  const runtime = startProjections({
    store: readStore,
    client: store.client,
    codec: projectionCodec,
    feed: createMemoryChangeFeed(),
    projections: [orderSummaries],
    head: () => store.headPosition(),
    logger: silentLogger(),
    metrics: createMetrics(),
    maxBatch: 1_000,
  });
  await runtime.caughtUp();
  const rebuildSeconds = (performance.now() - started) / 1000;
  await runtime.stop();
  const documents = await readStore
    .collection(
      collectionName(orderSummaries.name, orderSummaries.version, 1),
      orderSummaries.schema,
    )
    .count();
  await readStore.close();
  console.log(
    `read ${read} events (${matching} of order, inventory and payment streams); rebuilt ${documents} summaries in ${rebuildSeconds.toFixed(1)} s`,
  );
  const rebuildRate = matching / rebuildSeconds;
  const lower = Math.min(readAllRate, upsertRate);
  printFigures(
    `projections: ${orders} orders, ${read} events, into ${ferret ? 'FerretDB (local)' : 'MONGODB_URL'}`,
    [
      { name: 'raw readAll', value: readAllRate, unit: 'events/s' },
      { name: 'raw bulk upsert', value: upsertRate, unit: 'docs/s' },
      {
        name: 'rebuild order_summaries',
        value: rebuildRate,
        unit: 'events/s',
        baseline: { name: 'lower of the two', value: lower },
        target: { atLeast: 0.5 * lower },
      },
    ],
  );
} finally {
  await store.close();
  await ferret?.stop();
  await server.stop();
}
