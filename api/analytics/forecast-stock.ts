import { normalQuantile } from './forecast-normal.ts';
import type { ForecastPoint } from './forecast-model.ts';

// What to do about stock, from the forecast: a reorder point (s) and an order-up-to level (S),
// the classic (s, S) rule with safety stock z·σ. Lead-time demand is the sum of the daily
// forecasts over the lead time; its variance is the sum of the daily forecast error variances,
// i.e. the days' errors are taken as independent. For the weekly-differenced model the forecast
// errors of different days share little (its ψ-weights are small off the seasonal lag), and the
// bench measures the coverage this gives on held-out weekly totals.

export interface StockPolicy {
  readonly leadTimeDays: number;
  readonly serviceLevel: number;
  /** How often stock is reviewed and ordered; an order covers one review period after it lands. */
  readonly reviewDays: number;
}

export interface StockAdvice {
  readonly reorderPoint: number;
  readonly orderUpTo: number;
  readonly daysOfCover: number | null;
  readonly suggestedReorder: number;
  readonly leadTimeDemand: number;
  readonly safetyStock: number;
}

/** Mean and standard deviation of the demand over the first `days` days of the forecast. */
export const demandOver = (
  points: readonly ForecastPoint[],
  days: number,
): { mean: number; sd: number } => {
  const span = points.slice(0, days);
  return {
    mean: span.reduce((sum, p) => sum + p.units, 0),
    sd: Math.sqrt(span.reduce((sum, p) => sum + p.variance, 0)),
  };
};

/** Reorder point: expected demand over the lead time plus z(service level)·σ_LT, rounded up. */
export const reorderPoint = (
  points: readonly ForecastPoint[],
  { leadTimeDays, serviceLevel }: Pick<StockPolicy, 'leadTimeDays' | 'serviceLevel'>,
): { reorderPoint: number; leadTimeDemand: number; safetyStock: number } => {
  const { mean, sd } = demandOver(points, leadTimeDays);
  const safetyStock = normalQuantile(serviceLevel) * sd;
  return { reorderPoint: Math.ceil(mean + safetyStock), leadTimeDemand: mean, safetyStock };
};

/**
 * Whole days the stock lasts at the forecast demand (the day it would run short is not
 * counted); null when the forecast never uses it up (no demand at all).
 */
export const daysOfCover = (stock: number, points: readonly ForecastPoint[]): number | null => {
  if (stock <= 0) return 0;
  let left = stock;
  for (const [day, p] of points.entries()) {
    if (p.units > left) return day;
    left -= p.units;
  }
  // Past the forecast, the last week's mean rate carries on.
  const tail = points.slice(-7);
  const rate = tail.reduce((sum, p) => sum + p.units, 0) / Math.max(1, tail.length);
  return rate <= 0 ? null : points.length + Math.floor(left / rate);
};

/**
 * The advice for `stock` (units available to sell). `points` must cover lead time plus review
 * period. At or below the reorder point, order what brings the stock up to S: the demand over
 * lead time and one review period with its own safety stock; above it, nothing yet.
 */
export const stockAdvice = (
  stock: number,
  points: readonly ForecastPoint[],
  policy: StockPolicy,
): StockAdvice => {
  const reorder = reorderPoint(points, policy);
  const cover = demandOver(points, policy.leadTimeDays + policy.reviewDays);
  const orderUpTo = Math.ceil(cover.mean + normalQuantile(policy.serviceLevel) * cover.sd);
  return {
    ...reorder,
    orderUpTo,
    daysOfCover: daysOfCover(stock, points),
    suggestedReorder: stock <= reorder.reorderPoint ? Math.max(0, orderUpTo - stock) : 0,
  };
};
