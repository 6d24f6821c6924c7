import { FORWARDS, START } from '@eventstore/db-client';
import { projectionCodec } from '../api/roles/projections.ts';
import {
  loadCustomers,
  loadFulfilment,
  loadProducts,
  loadSales,
  loadSummary,
} from '../api/analytics/load.ts';
import { addDays, dayKey } from '../api/analytics/query.ts';
import type { AnalyticsSources } from '../api/analytics/sources.ts';
import { connectEventStore } from '../infra/eventstore/event-store.ts';
import { silentLogger } from '../infra/logger.ts';
import { createMetrics } from '../infra/metrics.ts';
import { createMemoryChangeFeed } from '../infra/readmodels/change-feed.ts';
import { createMemoryStore } from '../infra/readmodels/memory-store.ts';
import { analyticsCustomers, analyticsSales } from '../projections/analytics/index.ts';
import { startProjections } from '../projections/manager.ts';
import { createReadModels } from '../projections/read-models.ts';
import { seedHistory } from '../scripts/seed/history.ts';
import { writeHistory } from '../scripts/seed/writer.ts';
import { childCpu, cpuPerUnit } from './_cpu.ts';
import { ordersTableFigures } from './_analytics-orders.ts';
import { eventStoreForBench } from './_eventstore-process.ts';
import { percentile, printFigures, type Figure } from './_report.ts';

// `npm run bench -- analytics [--orders 100000] [--days 365] [--calls 20]`: seeds a history with
// npm run seed's generator into the embedded event store (its own process), then in one run: a raw
// read of the whole log (the baseline), a rebuild of the analytics read models from position 0 into
// memory (as embedded mode keeps them), and each analytics request for the last 90 days with
// comparison, `calls` times, in this process (the handler's work: reads, figures, JSON); then the
// orders table's first pages over HTTP on order_summaries rebuilt from the same log.
// `--seeded --end <ISO>` with EVENTSTORE_CONNECTION_STRING measures a log `npm run seed` already
// wrote (seeding a million orders is its own measurement), its period ending at `--end`.
const argument = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(`--${name}`);
  const value = index === -1 ? undefined : Number(process.argv[index + 1]);
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
};
const orders = argument('orders', 100_000);
const days = argument('days', 365);
const calls = argument('calls', 20);
const seeded = process.argv.includes('--seeded');
const endIndex = process.argv.indexOf('--end');
const end = Date.parse(process.argv[endIndex + 1] ?? '2026-11-30T23:00:00Z');
if (endIndex !== -1 && !Number.isFinite(end)) throw new Error('--end takes an ISO time');
if (seeded && !process.env.EVENTSTORE_CONNECTION_STRING)
  throw new Error('--seeded measures the server EVENTSTORE_CONNECTION_STRING names');

const server = await eventStoreForBench();
const store = connectEventStore(server.connectionString);
const cpuName = (command: string) => (command.includes('eventstore') ? 'event store' : 'other');
try {
  let started = performance.now();
  let written = 0;
  if (!seeded)
    await writeHistory(seedHistory({ orders, days, seed: 42, fraud: false, end }), {
      store,
      chunkSize: 20_000,
      concurrency: 512,
      logOrder: 'grouped',
      onChunk: (events) => {
        written += events;
      },
    });
  console.log(
    seeded
      ? 'measuring the log already seeded'
      : `seeded ${orders} orders over ${days} days: ${written} events in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  // The baseline: every event of the log read once, undecoded, as a rebuild must read it.
  let cpu = await childCpu(cpuName);
  started = performance.now();
  let read = 0;
  let matching = 0;
  const categories = [...new Set([...analyticsSales.categories, ...analyticsCustomers.categories])];
  for await (const resolved of store.client.readAll({ direction: FORWARDS, fromPosition: START })) {
    read++;
    const stream = resolved.event?.streamId ?? '';
    if (categories.some((c) => stream.startsWith(`${c}-`))) matching++;
  }
  const readSeconds = (performance.now() - started) / 1000;
  const readCpu = cpuPerUnit(cpu, await childCpu(cpuName), read);

  // The rebuild: both analytics read models from position 0, sharing one subscription.
  const readStore = createMemoryStore();
  cpu = await childCpu(cpuName);
  started = performance.now();
  const runtime = startProjections({
    store: readStore,
    client: store.client,
    codec: projectionCodec,
    feed: createMemoryChangeFeed(),
    projections: [analyticsSales, analyticsCustomers],
    head: () => store.headPosition(),
    logger: silentLogger(),
    metrics: createMetrics(),
    maxBatch: 1_000,
  });
  await runtime.caughtUp();
  const rebuildSeconds = (performance.now() - started) / 1000;
  const rebuildCpu = cpuPerUnit(cpu, await childCpu(cpuName), read);
  await runtime.stop();

  const readModels = createReadModels(readStore);
  const sources: AnalyticsSources = {
    sales: await readModels.active(analyticsSales),
    customers: await readModels.active(analyticsCustomers),
  };
  const documents = (await sources.sales?.count()) ?? 0;
  console.log(
    `read ${read} events (${matching} the analytics read) in ${readSeconds.toFixed(1)} s; rebuilt ${documents} analytics_sales documents in ${rebuildSeconds.toFixed(1)} s`,
  );

  const to = dayKey(end);
  const query = { from: addDays(to, -89), to, compare: 'previous' as const };
  const now = new Date(end);
  const requests: Record<string, () => Promise<unknown>> = {
    summary: () => loadSummary(sources, query, now),
    'sales (day)': () => loadSales(sources, { ...query, granularity: 'day' }, now),
    'sales (week)': () => loadSales(sources, { ...query, granularity: 'week' }, now),
    products: () => loadProducts(sources, { ...query, limit: 10 }, now),
    'products (a category)': () =>
      loadProducts(sources, { ...query, limit: 10, category: 'Books' }, now),
    customers: () => loadCustomers(sources, query, now),
    fulfilment: () => loadFulfilment(sources, query, now),
  };
  const figures: Figure[] = [
    { name: 'raw read of the log', value: read / readSeconds, unit: 'events/s' },
    {
      name: 'rebuild analytics_sales + analytics_customers',
      value: read / rebuildSeconds,
      unit: 'events/s',
      baseline: { name: 'raw read', value: read / readSeconds },
      target: { atLeast: (0.5 * read) / readSeconds },
    },
  ];
  for (const [name, request] of Object.entries(requests)) {
    const times: number[] = [];
    const before = process.cpuUsage();
    for (let n = 0; n < calls; n++) {
      const t = performance.now();
      JSON.stringify(await request());
      times.push(performance.now() - t);
    }
    const used = process.cpuUsage(before);
    figures.push({
      name: `${name}: 90 days + previous, p95 of ${calls}`,
      value: percentile(times, 95),
      unit: `ms (CPU ${((used.user + used.system) / 1000 / calls).toFixed(1)} ms a call)`,
      target: { atMost: 200 },
    });
  }
  cpu = await childCpu(cpuName);
  const table = await ordersTableFigures(store.client, () => store.headPosition(), calls);
  const tableCpu = cpuPerUnit(cpu, await childCpu(cpuName), read);
  figures.push(
    {
      name: `rebuild order_summaries (${String(table.orders)} orders)`,
      value: read / table.rebuildSeconds,
      unit: 'events/s',
      baseline: { name: 'raw read', value: read / readSeconds },
    },
    ...table.figures,
  );
  const title = seeded ? 'the seeded log' : `${orders} orders`;
  printFigures(`analytics: ${title}, ${read} events, read models in memory`, figures);
  const perEvent = (cpuMs: Record<string, number>) =>
    Object.entries(cpuMs)
      .map(([name, ms]) => `${name} ${(ms * 1000).toFixed(1)} µs`)
      .join(', ');
  console.log(`CPU per event, raw read: ${perEvent(readCpu)}`);
  console.log(`CPU per event, rebuild: ${perEvent(rebuildCpu)}`);
  console.log(`CPU per event, order_summaries rebuild and pages: ${perEvent(tableCpu)}`);
} finally {
  await store.close();
  await server.stop();
}
