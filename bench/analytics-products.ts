import { loadProducts } from '../api/analytics/load.ts';
import { productsFigures } from '../api/analytics/products-figures.ts';
import { addDays, resolveRanges } from '../api/analytics/query.ts';
import { salesDays, salesDaySkus, type AnalyticsSources } from '../api/analytics/sources.ts';
import { createMemoryStore } from '../infra/readmodels/memory-store.ts';
import {
  analyticsSales,
  saleDaySkusId,
  saleWeekSkusId,
  shardOf,
  skuShards,
  weekOf,
  type SalesDoc,
  type SkuDayFigures,
} from '../projections/analytics/index.ts';
import { percentile, printFigures, type Figure } from './_report.ts';

// `npm run bench -- analytics-products [--skus 1000] [--days 365] [--calls 20]`: the products
// figures of the last 90 days with comparison over analytics_sales documents made up for a
// catalog of which every sku sells every day (a million orders a year sell each of 1,000 skus
// about 7 times a day), in memory as embedded mode keeps them: read by whole weeks and the days
// at the edges (as the API does), and by day shards only (as it did before week-skus), same run.
const argument = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(`--${name}`);
  const value = index === -1 ? undefined : Number(process.argv[index + 1]);
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
};
const skuCount = argument('skus', 1_000);
const dayCount = argument('days', 365);
const calls = argument('calls', 20);
const to = '2026-11-30';

const figuresOf = (n: number): SkuDayFigures => ({
  category: `Category ${String(n % 50)}`,
  ordered: 7,
  orderedValue: 7 * (500 + n),
  released: n % 3,
  releasedValue: (n % 3) * (500 + n),
  refused: 0,
  refusedValue: 0,
  committed: 6,
  stockouts: n % 97 === 0 ? 1 : 0,
  restocked: n % 7 === 0 ? 40 : 0,
});

const skus = Array.from({ length: skuCount }, (_, n) => `SKU-${String(1001 + n)}`);
const docs = new Map<string, SalesDoc>();
for (let d = 0; d < dayCount; d++) {
  const day = addDays(to, -d);
  for (const [n, sku] of skus.entries()) {
    const shard = shardOf(sku);
    const figures = figuresOf(n + d);
    const dayId = saleDaySkusId(day, shard);
    const dayDoc = docs.get(dayId);
    const daySkus = dayDoc?.kind === 'day-skus' ? dayDoc.skus : {};
    daySkus[sku] = figures;
    docs.set(dayId, { _id: dayId, kind: 'day-skus', key: day, shard, skus: daySkus });
    const week = weekOf(day);
    const weekId = saleWeekSkusId(week, shard);
    const weekDoc = docs.get(weekId);
    const weekSkus = weekDoc?.kind === 'week-skus' ? weekDoc.skus : {};
    const was = weekSkus[sku];
    weekSkus[sku] =
      was === undefined
        ? { ...figures, ...(figures.stockouts > 0 ? { lastStockout: day } : {}) }
        : {
            ...was,
            ordered: was.ordered + figures.ordered,
            orderedValue: was.orderedValue + figures.orderedValue,
            released: was.released + figures.released,
            releasedValue: was.releasedValue + figures.releasedValue,
            committed: was.committed + figures.committed,
            stockouts: was.stockouts + figures.stockouts,
            restocked: was.restocked + figures.restocked,
          };
    docs.set(weekId, { _id: weekId, kind: 'week-skus', key: week, shard, skus: weekSkus });
  }
}
for (const [n, sku] of skus.entries())
  docs.set(`sku:${sku}`, {
    _id: `sku:${sku}`,
    kind: 'sku',
    key: sku,
    name: `Product ${String(n)}`,
    category: `Category ${String(n % 50)}`,
    available: 100,
    onHand: 120,
    stockouts: 0,
  });

const collection = createMemoryStore().collection('analytics_sales', analyticsSales.schema);
await collection.ensureIndexes(analyticsSales.indexes);
await collection.bulkPut([...docs.values()], 'none');
const sources: AnalyticsSources = { sales: collection, customers: undefined };
const query = { from: addDays(to, -89), to, compare: 'previous' as const };
const now = new Date(`${to}T12:00:00Z`);

// Before week-skus: every day's shards of both periods.
const byDays = async () => {
  const { range, compareRange } = resolveRanges(query, now);
  for (const r of [range, compareRange ?? range]) {
    const [days, daySkus] = await Promise.all([salesDays(sources, r), salesDaySkus(sources, r)]);
    productsFigures(days, daySkus, [], { range: r, category: undefined, limit: 10 });
  }
};
const requests: Record<string, () => Promise<unknown>> = {
  'products, whole weeks and edge days': () => loadProducts(sources, { ...query, limit: 10 }, now),
  'products, a category': () =>
    loadProducts(sources, { ...query, limit: 10, category: 'Category 7' }, now),
  'products, day shards only (before week-skus)': byDays,
};
const figures: Figure[] = [];
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
    name: `${name}: 90 days + previous, p95 of ${String(calls)}`,
    value: percentile(times, 95),
    unit: `ms (CPU ${((used.user + used.system) / 1000 / calls).toFixed(1)} ms a call)`,
    target: { atMost: 200 },
  });
}
printFigures(
  `analytics products: ${String(skuCount)} skus sold every day of ${String(dayCount)}, ${String(skuShards)} shards`,
  figures,
);
