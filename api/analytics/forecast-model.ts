import ARIMA from 'arima';
import { normalQuantile } from './forecast-normal.ts';

// Daily demand of one sku, forecast with a seasonal ARIMA from `arima` (an Emscripten port of the
// C library ctsa). The order is fixed rather than searched: SARIMA(1,0,0)(0,1,1)₇ takes each
// weekday against the same weekday a week before (seasonal difference), smooths that weekly
// profile with a seasonal MA, and follows the days' drift with an AR(1). On held-out weeks of
// seeded histories (bench/intelligence/forecast.ts, seed 7) it did as well as (1,0,1)(0,1,1)₇
// and better than the airline model (0,1,1)(0,1,1)₇, in a quarter of the time. Fitted by
// CSS-MLE (ctsa method 1): exact ML (method 0) ran away on 4 of the 50 category series there.
// AutoARIMA was tried too: ~200 ms a fit, and it prints to stdout when its search diverges.

export const season = 7;
/** Four weekly seasons: below this a seasonal fit is noise, so the answer says so. */
export const minHistoryDays = 4 * season;
/** A sku sold on fewer of its days than this is intermittent: no seasonal model, a mean. */
export const minSellingShare = 0.5;
/** The last year at most: older demand says little about next month and costs fit time. */
export const maxFitDays = 364;

export const sarimaOrder = { p: 1, d: 0, q: 0, P: 0, D: 1, Q: 1, s: season } as const;
/** ctsa's CSS-MLE: conditional sum of squares to start, then maximum likelihood. */
const method = 1;

export interface ForecastPoint {
  readonly units: number;
  readonly lo80: number;
  readonly hi80: number;
  readonly lo95: number;
  readonly hi95: number;
  /** The h-step forecast error variance (h = 1 for the first day). */
  readonly variance: number;
}

export type ForecastModel =
  | {
      readonly name: 'sarima';
      readonly params: typeof sarimaOrder & { readonly method: 'css-mle' };
      readonly fittedOn: number;
    }
  | {
      readonly name: 'insufficient-history';
      readonly reason: 'too-short' | 'intermittent' | 'fit-failed';
      readonly params: { readonly mean: number; readonly sd: number };
      readonly fittedOn: number;
    };

export interface Forecast {
  readonly model: ForecastModel;
  readonly points: readonly ForecastPoint[];
}

const z80 = normalQuantile(0.9);
const z95 = normalQuantile(0.975);

const point = (units: number, variance: number): ForecastPoint => {
  const sd = Math.sqrt(Math.max(0, variance));
  // Demand is never negative: the point and the lower bounds stop at zero.
  return {
    units: Math.max(0, units),
    lo80: Math.max(0, units - z80 * sd),
    hi80: Math.max(0, units + z80 * sd),
    lo95: Math.max(0, units - z95 * sd),
    hi95: Math.max(0, units + z95 * sd),
    variance,
  };
};

/**
 * The fallback: every day the mean of what was sold, with the prediction variance of one more
 * draw from the same distribution (sd² · (1 + 1/n)), the same for every horizon. Wide by nature:
 * on an intermittent series the sd is large against the mean.
 */
const meanForecast = (
  series: readonly number[],
  horizon: number,
  reason: 'too-short' | 'intermittent' | 'fit-failed',
): Forecast => {
  const n = series.length;
  const mean = n === 0 ? 0 : series.reduce((sum, x) => sum + x, 0) / n;
  const sd =
    n < 2 ? mean : Math.sqrt(series.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (n - 1));
  const variance = sd ** 2 * (1 + 1 / Math.max(1, n));
  return {
    model: { name: 'insufficient-history', reason, params: { mean, sd }, fittedOn: n },
    points: Array.from({ length: horizon }, () => point(mean, variance)),
  };
};

/** The days from the first sale on (a sku added later has no demand before it existed). */
const fromFirstSale = (series: readonly number[]): number[] => {
  const first = series.findIndex((units) => units > 0);
  return first < 0 ? [] : series.slice(first);
};

/**
 * `horizon` days of forecast after the last day of `series` (daily units, oldest first). The
 * intervals are the point ± z·√MSEₕ, where MSEₕ is the model's h-step forecast error variance
 * (ctsa's amse: σ²·Σ_{j<h} ψⱼ², the innovation variance times the squared ψ-weights summed up to
 * the horizon), so the band widens with the horizon as far as the model says uncertainty grows.
 */
export const forecastDemand = (series: readonly number[], horizon: number): Forecast => {
  const history = fromFirstSale(series).slice(-maxFitDays);
  if (history.length < minHistoryDays) return meanForecast(history, horizon, 'too-short');
  const selling = history.filter((units) => units > 0).length / history.length;
  if (selling < minSellingShare) return meanForecast(history, horizon, 'intermittent');
  const model = new ARIMA({ ...sarimaOrder, method, verbose: false });
  try {
    const [predicted, mse] = model.train(history).predict(horizon);
    const points = predicted.map((units, h) => point(units, mse[h] ?? Number.NaN));
    // A fit that ran away (an explosive root) forecasts far beyond anything ever sold.
    const ceiling = 10 * (Math.max(...history) + 1);
    if (
      points.length !== horizon ||
      points.some((p) => !Number.isFinite(p.hi95) || p.units > ceiling)
    )
      return meanForecast(history, horizon, 'fit-failed');
    return {
      model: {
        name: 'sarima',
        params: { ...sarimaOrder, method: 'css-mle' },
        fittedOn: history.length,
      },
      points,
    };
  } catch {
    // ctsa refuses some degenerate series (e.g. too short for its differencing): say so.
    return meanForecast(history, horizon, 'fit-failed');
  } finally {
    model.destroy();
  }
};
