import { formatCount, formatMoney } from '#lib/format.ts';

/** Formats for a report's figures: its currency's amounts, counts, rates, hours. */
export const formatsFor = (currency: string) => ({
  money: (amount: number) => formatMoney({ amount: Math.round(amount), currency }),
  count: (value: number) => formatCount(Math.round(value)),
  rate: (fraction: number) => `${(Math.round(fraction * 1000) / 10).toFixed(1)}%`,
  hours: (hours: number | null) => (hours === null ? '—' : `${hours.toFixed(1)} h`),
});

/** A day 'YYYY-MM-DD' as a short label ('7 Dec'). */
export const shortDay = (day: string): string =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
