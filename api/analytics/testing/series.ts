// Test support only: daily series with a known answer (a weekly profile, optional noise).
import { Random } from '../../../scripts/seed/random.ts';

/** Units by weekday of a made-up sku: busy at the weekend start, quiet midweek. */
export const weeklyProfile: readonly number[] = [20, 24, 22, 18, 16, 28, 40];

/** `days` days of the profile (day 0 is profile[0]) plus Gaussian noise of `sd` from `seed`. */
export const seasonalSeries = (days: number, sd = 0, seed = 1): number[] => {
  const random = new Random(seed);
  return Array.from(
    { length: days },
    (_, day) => (weeklyProfile[day % weeklyProfile.length] ?? 0) + sd * random.normal(),
  );
};
