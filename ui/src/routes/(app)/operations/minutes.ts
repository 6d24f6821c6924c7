import type { Stats } from '#lib/schemas/ops.ts';

export interface MinuteBar {
  readonly minute: string;
  readonly placed: number;
  readonly confirmed: number;
  readonly rejected: number;
  readonly cancelled: number;
  readonly delivered: number;
}

const minuteKey = (date: Date): string => date.toISOString().slice(0, 16);

/**
 * The last `count` minutes up to `until`, oldest first, with the minutes the API left out (no
 * orders) as zeros, so the chart's axis is time and not just the minutes that had orders.
 */
export const lastMinutes = (stats: Stats, until: string, count = 60): MinuteBar[] => {
  const byMinute = new Map(stats.ordersPerMinute.map((row) => [row.minute.slice(0, 16), row]));
  const latest = [...byMinute.keys()].sort().at(-1);
  const endKey = latest !== undefined && latest > until.slice(0, 16) ? latest : until.slice(0, 16);
  const end = new Date(`${endKey}:00Z`).getTime();
  if (Number.isNaN(end)) return [];
  return Array.from({ length: count }, (_, index) => {
    const minute = minuteKey(new Date(end - (count - 1 - index) * 60_000));
    const row = byMinute.get(minute);
    return {
      minute,
      placed: row?.placed ?? 0,
      confirmed: row?.confirmed ?? 0,
      rejected: row?.rejected ?? 0,
      cancelled: row?.cancelled ?? 0,
      delivered: row?.delivered ?? 0,
    };
  });
};
