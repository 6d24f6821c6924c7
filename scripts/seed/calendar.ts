import type { Random } from './random.ts';
import { WeightedChoice } from './random.ts';

export const dayMs = 24 * 60 * 60 * 1000;
export const hourMs = 60 * 60 * 1000;

// Orders by hour of day (UTC): quiet nights, a lunch bump and the evening peak (19–21 h) S4 asks for.
export const hourWeights: readonly number[] = [
  1.2, 0.7, 0.4, 0.3, 0.3, 0.5, 1.0, 1.8, 2.6, 3.2, 3.6, 4.0, 4.6, 4.4, 3.9, 3.8, 4.0, 4.6, 5.6,
  6.8, 7.4, 6.6, 4.6, 2.6,
];
const hours = new WeightedChoice(hourWeights);

// Sunday evenings and Mondays sell more; Saturdays less.
const weekdayWeights: readonly number[] = [1.1, 1.08, 1.0, 0.98, 1.0, 0.95, 0.85];

const dayOfYear = (date: Date): { month: number; day: number } => ({
  month: date.getUTCMonth() + 1,
  day: date.getUTCDate(),
});

/** Black Friday week, the run-up to Christmas, and the January and summer sales. */
export const holidayFactor = (date: Date): number => {
  const { month, day } = dayOfYear(date);
  // The Friday after the fourth Thursday of November.
  if (month === 11) {
    const first = new Date(Date.UTC(date.getUTCFullYear(), 10, 1)).getUTCDay();
    const thanksgiving = 1 + ((4 - first + 7) % 7) + 21;
    if (day === thanksgiving + 1) return 3.2;
    if (day >= thanksgiving - 3 && day <= thanksgiving + 4) return 1.8;
  }
  if (month === 12 && day <= 22) return 1.6;
  if (month === 12 && day >= 24 && day <= 26) return 0.6;
  if (month === 1 && day <= 10) return 1.25;
  if (month === 7 && day <= 14) return 1.2;
  return 1;
};

/** How many of `orders` fall on each of the `days` days ending with the day of `end`, in order. */
export const ordersPerDay = (orders: number, days: number, end: number): number[] => {
  const firstDay = Math.floor(end / dayMs) - days + 1;
  const weights = Array.from({ length: days }, (_, index) => {
    const date = new Date((firstDay + index) * dayMs);
    // The business grows about 30 % over a year.
    const growth = 1 + (0.3 * index) / Math.max(1, days);
    return (weekdayWeights[date.getUTCDay()] ?? 1) * holidayFactor(date) * growth;
  });
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let carried = 0;
  let given = 0;
  return weights.map((weight, index) => {
    carried += (orders * weight) / total;
    const upTo = index === days - 1 ? orders : Math.round(carried);
    const count = upTo - given;
    given = upTo;
    return count;
  });
};

/** The first instant of the `index`th day of the period. */
export const dayStart = (index: number, days: number, end: number): number =>
  (Math.floor(end / dayMs) - days + 1 + index) * dayMs;

/** A time of day drawn from the hourly profile, ms after midnight. */
export const timeOfDay = (random: Random): number =>
  hours.draw(random) * hourMs + Math.floor(random.next() * hourMs);
