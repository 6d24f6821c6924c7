import {
  lifetimeValueBounds,
  type CustomerDayDoc,
  type CustomerMonthDoc,
} from '../../projections/analytics/index.ts';
import { addArrays, ratio, sum } from './arithmetic.ts';
import { daysOf } from './query.ts';
import type { CustomersFigures, Range } from './schemas.ts';

const buckets = lifetimeValueBounds.length + 1;

/** Every month 'YYYY-MM' from the range's first day's to its last day's. */
const monthsOf = (range: Range): string[] => {
  const months: string[] = [];
  const [year = 0, month = 1] = range.from.split('-').map(Number);
  for (let n = 0; ; n++) {
    const key = new Date(Date.UTC(year, month - 1 + n, 1)).toISOString().slice(0, 7);
    if (key > range.to.slice(0, 7)) return months;
    months.push(key);
  }
};

const monthsBetween = (from: string, to: string): number => {
  const [y1 = 0, m1 = 0] = from.split('-').map(Number);
  const [y2 = 0, m2 = 0] = to.split('-').map(Number);
  return (y2 - y1) * 12 + (m2 - m1);
};

/**
 * New and returning customers by day; lifetime value and retention of the cohorts (first-order
 * months) the range touches, to date.
 */
export const customersFigures = (
  days: readonly CustomerDayDoc[],
  months: readonly CustomerMonthDoc[],
  range: Range,
): CustomersFigures => {
  const byDay = new Map(days.map((d) => [d.key, d]));
  const cohorts = monthsOf(range);
  const monthDoc = new Map(months.map((m) => [m.key, m]));
  // A cohort's histogram now is the sum of the moves every month's orders made to it.
  const lifetime = addArrays(
    months.flatMap((m) => cohorts.map((c) => m.lifetimeValue[c] ?? [])),
    buckets,
  );
  const customers = sum(lifetime, (n) => n);
  const value = sum(months, (m) => sum(cohorts, (c) => m.cohorts[c]?.revenue ?? 0));
  return {
    newCustomers: sum(days, (d) => d.newCustomers),
    ordersFromNew: sum(days, (d) => d.ordersFromNew),
    ordersFromReturning: sum(days, (d) => d.ordersFromReturning),
    revenueFromNew: sum(days, (d) => d.revenueFromNew),
    revenueFromReturning: sum(days, (d) => d.revenueFromReturning),
    series: daysOf(range).map((day) => ({
      day,
      newCustomers: byDay.get(day)?.newCustomers ?? 0,
      ordersFromNew: byDay.get(day)?.ordersFromNew ?? 0,
      ordersFromReturning: byDay.get(day)?.ordersFromReturning ?? 0,
    })),
    lifetimeValue: {
      customers,
      average: Math.round(ratio(value, customers, 0)),
      buckets: lifetime.map((n, index) => ({
        from: index === 0 ? 0 : (lifetimeValueBounds[index - 1] ?? 0),
        to: lifetimeValueBounds[index] ?? null,
        customers: n,
      })),
    },
    cohorts: cohorts.map((cohort) => {
      const size = monthDoc.get(cohort)?.cohorts[cohort]?.active ?? 0;
      const later = months.filter((m) => m.key >= cohort);
      return {
        cohort,
        customers: size,
        retention: later.map((m) => {
          const activity = m.cohorts[cohort];
          return {
            offset: monthsBetween(cohort, m.key),
            month: m.key,
            active: activity?.active ?? 0,
            rate: ratio(activity?.active ?? 0, size, 0),
            revenue: activity?.revenue ?? 0,
          };
        }),
      };
    }),
  };
};
