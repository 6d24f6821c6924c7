import { timingBoundsHours, type SaleDayDoc } from '../../projections/analytics/index.ts';
import { addArrays, addRecords, histogramPercentile, ratio, sum } from './arithmetic.ts';
import { daysOf } from './query.ts';
import type { FulfilmentFigures, Range } from './schemas.ts';

const buckets = timingBoundsHours.length + 1;

const timing = (counts: number[]) => ({
  orders: sum(counts, (n) => n),
  p50Hours: histogramPercentile(counts, 0.5),
  p90Hours: histogramPercentile(counts, 0.9),
  buckets: counts.map((orders, index) => ({ toHours: timingBoundsHours[index] ?? null, orders })),
});

const ranked = (counts: Map<string, number>, limit: number) =>
  [...counts]
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, limit)
    .map(([reason, n]) => ({ reason, n }));

/** The status funnel, timings and payments of the days of a range. */
export const fulfilmentFigures = (days: readonly SaleDayDoc[], range: Range): FulfilmentFigures => {
  const byDay = new Map(days.map((d) => [d.key, d]));
  const total = (of: (day: SaleDayDoc) => number) => sum(days, of);
  const funnel = {
    placed: total((d) => d.placed),
    confirmed: total((d) => d.confirmed),
    shipped: total((d) => d.shipped),
    delivered: total((d) => d.delivered),
    cancelled: total((d) => d.cancelled),
    rejected: total((d) => d.rejected),
  };
  const authorized = total((d) => d.authorized);
  const declined = total((d) => d.declined);
  return {
    funnel,
    cancellationRate: ratio(funnel.cancelled, funnel.placed, 0),
    rejectionsByReason: ranked(addRecords(days.map((d) => d.rejections)), 20).map(
      ({ reason, n }) => ({ reason, orders: n }),
    ),
    cancellationsByReason: ranked(addRecords(days.map((d) => d.cancellations)), 10).map(
      ({ reason, n }) => ({ reason, orders: n }),
    ),
    timings: {
      placedToShipped: timing(
        addArrays(
          days.map((d) => d.toShipped),
          buckets,
        ),
      ),
      placedToDelivered: timing(
        addArrays(
          days.map((d) => d.toDelivered),
          buckets,
        ),
      ),
    },
    payments: {
      authorized,
      declined,
      successRate: ratio(authorized, authorized + declined, null),
      declineReasons: ranked(addRecords(days.map((d) => d.declines)), 20).map(({ reason, n }) => ({
        reason,
        count: n,
      })),
    },
    series: daysOf(range).map((day) => {
      const d = byDay.get(day);
      return {
        day,
        placed: d?.placed ?? 0,
        shipped: d?.shipped ?? 0,
        delivered: d?.delivered ?? 0,
        cancelled: d?.cancelled ?? 0,
        rejected: d?.rejected ?? 0,
      };
    }),
  };
};
