import { timingBoundsHours } from '../../projections/analytics/index.ts';
import type { SaleDayDoc } from '../../projections/analytics/index.ts';

/** a / b, or `empty` when b is 0. */
export const ratio = <E extends number | null>(a: number, b: number, empty: E): number | E =>
  b === 0 ? empty : a / b;

export const sum = <T>(items: readonly T[], of: (item: T) => number): number =>
  items.reduce((total, item) => total + of(item), 0);

/** Element-wise sum of equally long arrays of counts. */
export const addArrays = (arrays: readonly (readonly number[])[], length: number): number[] => {
  const total = Array.from({ length }, () => 0);
  for (const array of arrays)
    for (let i = 0; i < length; i++) total[i] = (total[i] ?? 0) + (array[i] ?? 0);
  return total;
};

/** Sums records of counts, key by key. */
export const addRecords = (
  records: readonly Readonly<Record<string, number>>[],
): Map<string, number> => {
  const total = new Map<string, number>();
  for (const record of records)
    for (const [key, value] of Object.entries(record))
      total.set(key, (total.get(key) ?? 0) + value);
  return total;
};

/** Net value of a day: what was placed less what was cancelled or rejected that day. */
export const netRevenue = (day: SaleDayDoc): number =>
  day.placedValue - day.cancelledValue - day.rejectedValue;

/**
 * The p-th percentile (0..1) of a histogram over timingBoundsHours, interpolated within its
 * bucket (the open last bucket answers its lower bound); null when it is empty.
 */
export const histogramPercentile = (counts: readonly number[], p: number): number | null => {
  const total = sum(counts, (n) => n);
  if (total === 0) return null;
  const target = p * total;
  let below = 0;
  for (const [index, count] of counts.entries()) {
    const lower = index === 0 ? 0 : (timingBoundsHours[index - 1] ?? 0);
    const upper = timingBoundsHours[index];
    if (count > 0 && below + count >= target) {
      if (upper === undefined) return lower;
      return Math.round((lower + ((upper - lower) * (target - below)) / count) * 10) / 10;
    }
    below += count;
  }
  return timingBoundsHours.at(-1) ?? null;
};

/** ISO weekday (1 = Monday … 7 = Sunday) of a 'YYYY-MM-DD' day. */
export const weekdayOf = (day: string): number =>
  ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

/** The Monday of the ISO week of a day. */
export const weekOf = (day: string): string => {
  const time = Date.parse(`${day}T00:00:00Z`) - (weekdayOf(day) - 1) * 86_400_000;
  return new Date(time).toISOString().slice(0, 10);
};
