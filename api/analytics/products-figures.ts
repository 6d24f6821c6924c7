import type {
  SaleDayDoc,
  SaleDaySkusDoc,
  SaleSkuDoc,
  SaleWeekSkusDoc,
} from '../../projections/analytics/index.ts';
import type { ProductRow, ProductsFigures, Range } from './schemas.ts';

interface SkuTotals {
  units: number;
  revenue: number;
  unitsSold: number;
  stockouts: number;
  lastStockout: string;
  category: string;
}

/** Each sku's totals over the days and weeks (only the category's skus, when one is given). */
const totalsBySku = (
  days: readonly (SaleDaySkusDoc | SaleWeekSkusDoc)[],
  category: string | undefined,
): Map<string, SkuTotals> => {
  const totals = new Map<string, SkuTotals>();
  for (const doc of days)
    for (const sku in doc.skus) {
      const figures = doc.skus[sku];
      if (figures === undefined || (category !== undefined && figures.category !== category))
        continue;
      let was = totals.get(sku);
      if (was === undefined) {
        was = {
          units: 0,
          revenue: 0,
          unitsSold: 0,
          stockouts: 0,
          lastStockout: '',
          category: figures.category,
        };
        totals.set(sku, was);
      }
      // Net of what went back: released by cancelled or rejected orders, refused for want of stock.
      was.units += figures.ordered - figures.released - figures.refused;
      was.revenue += figures.orderedValue - figures.releasedValue - figures.refusedValue;
      was.unitsSold += figures.committed;
      was.stockouts += figures.stockouts;
      // A week's document knows the day of its last stockout; a day's document is that day.
      const stockoutDay = 'lastStockout' in figures ? figures.lastStockout : doc.key;
      if (figures.stockouts > 0 && stockoutDay !== undefined && stockoutDay > was.lastStockout)
        was.lastStockout = stockoutDay;
    }
  return totals;
};

const byKey =
  (key: 'units' | 'revenue', direction: 1 | -1) =>
  (a: ProductRow, b: ProductRow): number =>
    direction * (a[key] - b[key]) || a.sku.localeCompare(b.sku);

/**
 * Top and worst sellers (the catalog's products that sold nothing are among the worst), stockouts
 * and turnover over the days of a range, optionally within one category.
 */
export const productsFigures = (
  days: readonly SaleDayDoc[],
  daySkus: readonly (SaleDaySkusDoc | SaleWeekSkusDoc)[],
  catalog: readonly SaleSkuDoc[],
  { range, category, limit }: { range: Range; category: string | undefined; limit: number },
): ProductsFigures => {
  const totals = totalsBySku(daySkus, category);
  const entries = new Map(catalog.map((sku) => [sku.key, sku]));
  const skus = [...new Set([...entries.keys(), ...totals.keys()])];
  const rows: ProductRow[] = skus.map((sku) => {
    const entry = entries.get(sku);
    const total = totals.get(sku);
    return {
      sku,
      name: entry?.name ?? sku,
      category: entry?.category ?? total?.category ?? 'Uncategorised',
      units: total?.units ?? 0,
      revenue: total?.revenue ?? 0,
    };
  });
  const rowBySku = new Map(rows.map((row) => [row.sku, row]));
  const top = (key: 'units' | 'revenue', direction: 1 | -1) =>
    [...rows].sort(byKey(key, direction)).slice(0, limit);
  const categories = new Map<string, { units: number; revenue: number }>();
  for (const day of days)
    for (const [name, figures] of Object.entries(day.categories)) {
      const was = categories.get(name) ?? { units: 0, revenue: 0 };
      categories.set(name, {
        units: was.units + figures.units,
        revenue: was.revenue + figures.revenue,
      });
    }
  const named = (sku: string) => {
    const row = rowBySku.get(sku);
    return { sku, name: row?.name ?? sku, category: row?.category ?? 'Uncategorised' };
  };
  return {
    category: category ?? null,
    categories: [...categories]
      .map(([name, c]) => ({ category: name, ...c }))
      .sort((a, b) => b.revenue - a.revenue || a.category.localeCompare(b.category)),
    top: { byUnits: top('units', -1), byRevenue: top('revenue', -1) },
    worst: { byUnits: top('units', 1), byRevenue: top('revenue', 1) },
    stockouts: [...totals]
      .filter(([, t]) => t.stockouts > 0)
      .sort(([a, x], [b, y]) => y.stockouts - x.stockouts || a.localeCompare(b))
      .slice(0, limit)
      .map(([sku, t]) => ({ ...named(sku), stockouts: t.stockouts, lastDay: t.lastStockout })),
    turnover: skus
      .map((sku) => {
        const unitsSold = totals.get(sku)?.unitsSold ?? 0;
        const onHand = entries.get(sku)?.onHand ?? 0;
        return {
          ...named(sku),
          unitsSold,
          onHand,
          turnover: onHand > 0 ? unitsSold / onHand : null,
          daysOfCover: unitsSold > 0 ? onHand / (unitsSold / range.days) : null,
        };
      })
      .sort((a, b) => (b.turnover ?? -1) - (a.turnover ?? -1) || a.sku.localeCompare(b.sku))
      .slice(0, limit),
  };
};
