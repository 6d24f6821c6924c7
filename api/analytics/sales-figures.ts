import type { SaleDayDoc } from '../../projections/analytics/index.ts';
import { netRevenue, ratio, sum, weekdayOf, weekOf } from './arithmetic.ts';
import { daysOf } from './query.ts';
import type { Granularity, Range, SalesFigures } from './schemas.ts';

const periodOf = (day: string, granularity: Granularity): string =>
  granularity === 'day' ? day : granularity === 'week' ? weekOf(day) : `${day.slice(0, 7)}-01`;

const aov = (value: number, orders: number): number => Math.round(ratio(value, orders, 0));

/**
 * Revenue is net (placed less cancelled and rejected, each on its day); the average order value
 * is the average basket of the orders placed.
 */
export const salesFigures = (
  days: readonly SaleDayDoc[],
  range: Range,
  granularity: Granularity,
): SalesFigures => {
  const periods = new Map<string, { revenue: number; orders: number; placedValue: number }>();
  // Every period of the range appears, those without orders at zero.
  for (const day of daysOf(range))
    periods.set(periodOf(day, granularity), { revenue: 0, orders: 0, placedValue: 0 });
  const categories = new Map<string, { units: number; revenue: number }>();
  const heatmap = Array.from({ length: 7 * 24 }, (_, cell) => ({
    weekday: Math.floor(cell / 24) + 1,
    hour: cell % 24,
    orders: 0,
    revenue: 0,
  }));
  for (const day of days) {
    const period = periods.get(periodOf(day.key, granularity));
    if (period !== undefined) {
      period.revenue += netRevenue(day);
      period.orders += day.placed;
      period.placedValue += day.placedValue;
    }
    for (const [category, figures] of Object.entries(day.categories)) {
      const total = categories.get(category) ?? { units: 0, revenue: 0 };
      categories.set(category, {
        units: total.units + figures.units,
        revenue: total.revenue + figures.revenue,
      });
    }
    const row = (weekdayOf(day.key) - 1) * 24;
    for (let hour = 0; hour < 24; hour++) {
      const cell = heatmap[row + hour];
      if (cell === undefined) continue;
      cell.orders += day.hourOrders[hour] ?? 0;
      cell.revenue += day.hourRevenue[hour] ?? 0;
    }
  }
  const categoryRevenue = sum([...categories.values()], (c) => c.revenue);
  const placed = sum(days, (d) => d.placed);
  return {
    totals: {
      revenue: sum(days, netRevenue),
      orders: placed,
      units: sum([...categories.values()], (c) => c.units),
      averageOrderValue: aov(
        sum(days, (d) => d.placedValue),
        placed,
      ),
    },
    series: [...periods].map(([period, p]) => ({
      period,
      revenue: p.revenue,
      orders: p.orders,
      averageOrderValue: aov(p.placedValue, p.orders),
    })),
    byCategory: [...categories]
      .map(([category, c]) => ({ category, ...c, share: ratio(c.revenue, categoryRevenue, 0) }))
      .sort((a, b) => b.revenue - a.revenue || a.category.localeCompare(b.category)),
    heatmap,
  };
};
