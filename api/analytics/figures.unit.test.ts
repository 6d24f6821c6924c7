import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../infra/readmodels/memory-store.ts';
import {
  analyticsCustomers,
  analyticsSales,
  bucketOf,
  timingBoundsHours,
} from '../../projections/analytics/index.ts';
import { categories, history } from '../../projections/analytics/testing/history.ts';
import { record, type Written } from '../../projections/testing/recorded.ts';
import { project } from '../../projections/testing/spec.ts';
import { isDomainEvent } from '../../projections/projection.ts';
import { weekdayOf } from './arithmetic.ts';
import { loadCustomers, loadFulfilment, loadProducts, loadSales, loadSummary } from './load.ts';
import type { AnalyticsSources } from './sources.ts';

// Given a generated history, figures computed here straight from its events must equal what the
// analytics answer from the projections' documents.

const { orders, written } = history(120, { perDay: 6, customers: 9 });
const now = new Date('2025-04-15T12:00:00Z');

const sourcesOf = async (): Promise<AnalyticsSources> => {
  const store = createMemoryStore();
  const events = record(written);
  const sales = store.collection('analytics_sales', analyticsSales.schema);
  const customers = store.collection('analytics_customers', analyticsCustomers.schema);
  await sales.ensureIndexes(analyticsSales.indexes);
  await customers.ensureIndexes(analyticsCustomers.indexes);
  await sales.bulkPut([...project(analyticsSales, events, { batch: 50 }).values()], 'none');
  await customers.bulkPut([...project(analyticsCustomers, events, { batch: 50 }).values()], 'none');
  return { sales, customers };
};

/** Each order's placing event, the time it happened and its lines. */
const placings = written.flatMap((w) =>
  isDomainEvent(w.event) && w.event.type === 'OrderPlaced'
    ? [{ at: w.at, data: w.event.data }]
    : [],
);
const outcomeOf = new Map(orders.map((o) => [o.orderId, o.outcome]));
const undone = (orderId: string) =>
  ['cancelled_after_confirm', 'out_of_stock', 'declined'].includes(outcomeOf.get(orderId) ?? '');
const all = { from: '2025-03-01', to: '2025-03-31', compare: 'none' as const };
const day = (iso: string) => iso.slice(0, 10);
const typed = (type: string) => written.filter((w: Written) => w.event.type === type);

describe('analytics figures equal figures computed from the raw events', () => {
  it('sales: orders and net revenue by day, revenue by category, the heatmap', async () => {
    const sales = await loadSales(await sourcesOf(), { ...all, granularity: 'day' }, now);
    const perDay = new Map<string, number>();
    for (const p of placings) perDay.set(day(p.at), (perDay.get(day(p.at)) ?? 0) + 1);
    expect(
      sales.current.series.filter((s) => s.orders > 0).map((s) => [s.period, s.orders]),
    ).toEqual([...perDay]);

    const kept = placings.filter((p) => !undone(p.data.orderId));
    expect(sales.current.totals.revenue).toBe(
      kept.reduce((sum, p) => sum + p.data.total.amount, 0),
    );
    expect(sales.current.totals.orders).toBe(orders.length);

    const byCategory = new Map<string, number>();
    for (const p of kept)
      for (const line of p.data.lines) {
        const category = line.category ?? 'Uncategorised';
        byCategory.set(category, (byCategory.get(category) ?? 0) + line.lineTotal.amount);
      }
    expect(
      Object.fromEntries(sales.current.byCategory.map((c) => [c.category, c.revenue])),
    ).toEqual(Object.fromEntries(byCategory));

    const cell = (p: (typeof placings)[number]) =>
      `${weekdayOf(day(p.at))}/${new Date(p.at).getUTCHours()}`;
    const heat = new Map<string, number>();
    for (const p of placings) heat.set(cell(p), (heat.get(cell(p)) ?? 0) + 1);
    expect(
      Object.fromEntries(
        sales.current.heatmap
          .filter((c) => c.orders > 0)
          .map((c) => [`${c.weekday}/${c.hour}`, c.orders]),
      ),
    ).toEqual(Object.fromEntries(heat));
  });

  it('a sub-range compared with the previous period counts the orders placed in each', async () => {
    const range = { from: '2025-03-06', to: '2025-03-10', compare: 'previous' as const };
    const sales = await loadSales(await sourcesOf(), { ...range, granularity: 'week' }, now);
    const placedIn = (from: string, to: string) =>
      placings.filter((p) => day(p.at) >= from && day(p.at) <= to).length;
    expect(sales.compareRange).toEqual({ from: '2025-03-01', to: '2025-03-05', days: 5 });
    expect(sales.current.totals.orders).toBe(placedIn('2025-03-06', '2025-03-10'));
    expect(sales.previous?.totals.orders).toBe(placedIn('2025-03-01', '2025-03-05'));
    expect(sales.current.series.map((s) => s.period)).toEqual(['2025-03-03', '2025-03-10']);
  });

  it('products: net units per sku, the worst seller, turnover from shipped units', async () => {
    const products = await loadProducts(await sourcesOf(), { ...all, limit: 10 }, now);
    const units = new Map<string, number>();
    for (const p of placings.filter((x) => !undone(x.data.orderId)))
      for (const line of p.data.lines)
        units.set(line.sku, (units.get(line.sku) ?? 0) + line.quantity);
    expect(Object.fromEntries(products.current.top.byUnits.map((r) => [r.sku, r.units]))).toEqual(
      Object.fromEntries(units),
    );
    const shipped = typed('StockCommitted').length;
    expect(products.current.turnover.reduce((sum, t) => sum + t.unitsSold, 0)).toBe(
      typed('StockCommitted').reduce(
        (sum, w) =>
          sum +
          (isDomainEvent(w.event) && w.event.type === 'StockCommitted' ? w.event.data.quantity : 0),
        0,
      ),
    );
    expect(shipped).toBeGreaterThan(0);
    expect(products.current.stockouts.map((s) => [s.sku, s.stockouts])).toEqual([
      ['SKU-2', typed('StockReservationRejected').length],
    ]);

    const drilled = await loadProducts(
      await sourcesOf(),
      { ...all, limit: 10, category: categories['SKU-1'] },
      now,
    );
    expect(drilled.current.top.byUnits.map((r) => r.sku)).toEqual(['SKU-1']);
  });

  it('fulfilment: the funnel, payment success, and p50 in the bucket of the true median', async () => {
    const fulfilment = await loadFulfilment(await sourcesOf(), all, now);
    const count = (outcome: string) => orders.filter((o) => o.outcome === outcome).length;
    expect(fulfilment.current.funnel).toMatchObject({
      placed: orders.length,
      delivered: count('delivered'),
      cancelled: count('cancelled_after_confirm'),
      rejected: count('out_of_stock') + count('declined'),
    });
    const authorized = typed('PaymentAuthorized').length;
    const declined = typed('PaymentDeclined').length;
    expect(fulfilment.current.payments.successRate).toBeCloseTo(
      authorized / (authorized + declined),
    );

    const placedAt = new Map(placings.map((p) => [p.data.orderId, Date.parse(p.at)]));
    const hours = typed('OrderShipped')
      .map(
        (w) =>
          (Date.parse(w.at) - (placedAt.get(w.stream.slice('order-'.length)) ?? 0)) / 3_600_000,
      )
      .sort((a, b) => a - b);
    const median = hours[Math.ceil(hours.length / 2) - 1] ?? 0;
    const p50 = fulfilment.current.timings.placedToShipped.p50Hours ?? -1;
    expect(fulfilment.current.timings.placedToShipped.orders).toBe(hours.length);
    expect(bucketOf(timingBoundsHours, p50)).toBe(bucketOf(timingBoundsHours, median));
  });

  it('customers and summary: new customers, returning orders, cohorts', async () => {
    const sources = await sourcesOf();
    const customers = await loadCustomers(sources, all, now);
    const distinct = new Set(placings.map((p) => p.data.customerId));
    expect(customers.current.newCustomers).toBe(distinct.size);
    expect(customers.current.ordersFromReturning).toBe(placings.length - distinct.size);
    expect(customers.current.cohorts[0]).toMatchObject({
      cohort: '2025-03',
      customers: distinct.size,
    });
    expect(customers.current.lifetimeValue.customers).toBe(distinct.size);
    expect(customers.current.lifetimeValue.average).toBe(
      Math.round(placings.reduce((sum, p) => sum + p.data.total.amount, 0) / distinct.size),
    );

    const summary = await loadSummary(sources, { ...all, compare: 'previous' }, now);
    expect(summary.metrics.orders.value).toBe(orders.length);
    expect(summary.metrics.orders.previous).toBe(0);
    expect(summary.metrics.newCustomers.series.reduce((a, b) => a + b, 0)).toBe(distinct.size);
    expect(summary.metrics.orders.series).toHaveLength(31);
  });
});
