import type { ProjectedEvent } from '../projection.ts';

// Analytics are keyed on business time: the `occurredAt` the writer stated (the seed tool
// back-dates it), never the time the event store recorded the event. Days and hours are UTC.

/** The business time of an event. */
export const occurredAt = (recorded: ProjectedEvent): string => recorded.metadata.occurredAt;

/** 'YYYY-MM-DD' of an ISO time. */
export const dayOf = (iso: string): string => new Date(iso).toISOString().slice(0, 10);
/** 'YYYY-MM' of an ISO time or day. */
export const monthOf = (iso: string): string => new Date(iso).toISOString().slice(0, 7);
export const hourOf = (iso: string): number => new Date(iso).getUTCHours();
/** The Monday ('YYYY-MM-DD') of the ISO week of a day. */
export const weekOf = (day: string): string => {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return date.toISOString().slice(0, 10);
};

/**
 * Upper bounds (hours, exclusive) of the timing histograms' buckets; one open bucket follows.
 * Fixed buckets make histograms of days add up, so percentiles over any range come from sums.
 */
export const timingBoundsHours = [1, 2, 4, 8, 12, 24, 36, 48, 72, 96, 120, 168, 240, 336] as const;

/** Upper bounds (minor units, exclusive) of the lifetime-value buckets; one open bucket follows. */
export const lifetimeValueBounds = [
  2_500, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000,
] as const;

/** The bucket of `value` among ascending exclusive upper `bounds` (the last is open). */
export const bucketOf = (bounds: readonly number[], value: number): number => {
  const index = bounds.findIndex((bound) => value < bound);
  return index === -1 ? bounds.length : index;
};

/** A copy of `counts` (bounds + 1 long) with `delta` added to the bucket at `index`. */
export const addToBucket = (
  counts: readonly number[] | undefined,
  size: number,
  index: number,
  delta = 1,
): number[] => {
  const next = counts === undefined ? Array.from({ length: size }, () => 0) : [...counts];
  next[index] = (next[index] ?? 0) + delta;
  return next;
};

/** A copy of a record of counts with `delta` added under `key`. */
export const addToRecord = (
  counts: Readonly<Record<string, number>>,
  key: string,
  delta: number,
): Record<string, number> => ({ ...counts, [key]: (counts[key] ?? 0) + delta });
