import { describe, expect, it } from 'vitest';
import { record } from '../testing/recorded.ts';
import { project } from '../testing/spec.ts';
import { restock } from '../testing/orders.ts';
import { analyticsSales } from './sales.ts';
import type { SalesDoc, SkuDayFigures } from './sales-documents.ts';
import { history } from './testing/history.ts';
import { weekOf } from './time.ts';

type Summed = Record<string, SkuDayFigures & { lastStockout?: string }>;

const add = (into: Summed, sku: string, figures: SkuDayFigures, day: string) => {
  const was = into[sku];
  const sum = (key: keyof Omit<SkuDayFigures, 'category'>) => (was?.[key] ?? 0) + figures[key];
  const stockoutDay = figures.stockouts > 0 ? day : undefined;
  const last = [was?.lastStockout, stockoutDay]
    .filter((d) => d !== undefined)
    .sort()
    .at(-1);
  into[sku] = {
    category: was?.category ?? figures.category,
    ordered: sum('ordered'),
    orderedValue: sum('orderedValue'),
    released: sum('released'),
    releasedValue: sum('releasedValue'),
    refused: sum('refused'),
    refusedValue: sum('refusedValue'),
    committed: sum('committed'),
    stockouts: sum('stockouts'),
    restocked: sum('restocked'),
    ...(last === undefined ? {} : { lastStockout: last }),
  };
};

/** Each week's shard figures summed from the day documents, independently of the week documents. */
const weeksFromDays = (docs: Map<string, SalesDoc>): Map<string, Summed> => {
  const weeks = new Map<string, Summed>();
  for (const doc of docs.values()) {
    if (doc.kind !== 'day-skus') continue;
    const id = `week-skus:${weekOf(doc.key)}:${String(doc.shard)}`;
    const week = weeks.get(id) ?? {};
    for (const [sku, figures] of Object.entries(doc.skus)) add(week, sku, figures, doc.key);
    weeks.set(id, week);
  }
  return weeks;
};

describe('analytics_sales: given three weeks of orders, then each week’s sku shards', () => {
  const events = record([restock('SKU-1', 30), ...history(60, { perDay: 3 }).written]);
  const docs = project(analyticsSales, events);
  const weekDocs = [...docs.values()].flatMap((doc) => (doc.kind === 'week-skus' ? [doc] : []));

  it('hold the sums of their days’ shards, with the day of each sku’s last stockout', () => {
    const expected = weeksFromDays(docs);
    expect(new Set(weekDocs.map((doc) => doc._id))).toEqual(new Set(expected.keys()));
    for (const doc of weekDocs) expect(doc.skus).toEqual(expected.get(doc._id));
    // The history spans weeks and has stockouts, so the sums above are not vacuous.
    expect(new Set(weekDocs.map((doc) => doc.key)).size).toBeGreaterThanOrEqual(3);
    expect(weekDocs.some((doc) => Object.values(doc.skus).some((f) => f.lastStockout))).toBe(true);
  });

  it('are keyed on the Monday of the ISO week', () => {
    expect(weekOf('2025-03-01')).toBe('2025-02-24');
    expect(weekOf('2025-03-03')).toBe('2025-03-03');
    expect(weekOf('2025-03-09')).toBe('2025-03-03');
    for (const doc of weekDocs) expect(new Date(`${doc.key}T00:00:00Z`).getUTCDay()).toBe(1);
  });
});
