import { forecastDemand, type ForecastPoint } from '../../api/analytics/forecast-model.ts';
import { normalQuantile } from '../../api/analytics/forecast-normal.ts';
import { seedHistory } from '../../scripts/seed/history.ts';
import { Random } from '../../scripts/seed/random.ts';
import type { Figure } from '../_report.ts';

// `npm run bench -- intelligence --only forecast [--forecast-orders 100000] [--seed 4] [--holdout-weeks 4]`:
// a seeded history made in memory, its demand summed per sku (and per category) per day the way
// GET /api/analytics/demand-forecast reads it (units ordered, less units released again by
// cancelled or rejected orders, on their business day), each series fitted on all but the last
// weeks with the API's own model, and those weeks forecast and compared with what happened.
//
// MAPE here is on weekly totals: the mean over (series, held-out week) of |F − A| / A, where F is
// the sum of the seven daily forecasts and A the units of that week; weeks with A = 0 have no
// percentage error and are left out (and counted). Weekly, because a replenishment decision is
// about a lead time's total, and a day of a thin sku is a Poisson draw no model can call.
// "Steady" skus sold on at least 80 % of their fit days; the rest are reported apart.

const dayMs = 86_400_000;
// A period ending at the end of October: held-out weeks without Black Friday or Christmas, which
// a weekly-seasonal model of daily units cannot know of (no yearly season in a year of history).
const end = Date.parse('2026-10-31T23:00:00Z');
export const steadyShare = 0.8;

type Series = { readonly key: string; readonly units: number[]; readonly out: boolean[] };

/**
 * Units per day per sku and per category over the seeded period, oldest day first, and the days
 * each was out of stock at some moment (available, i.e. restocked less reserved plus released,
 * at or below zero): on those days sales understate demand, because the seed, like a shop,
 * sells only what it has.
 */
const dailyDemand = (options: { orders: number; days: number; seed: number }) => {
  const firstDay = Math.floor(end / dayMs) - options.days + 1;
  const zeros = () => Array.from({ length: options.days }, () => 0);
  const bySku = new Map<string, number[]>();
  const byCategory = new Map<string, number[]>();
  const categoryOf = new Map<string, string>();
  const available = new Map<string, number>();
  /** Per sku, per day: the lowest stock available that day and what it closed at (NaN: no change). */
  const lowest = new Map<string, number[]>();
  const closing = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, key: string, day: number, units: number) => {
    let series = map.get(key);
    if (series === undefined) {
      series = zeros();
      map.set(key, series);
    }
    if (day >= 0 && day < options.days) series[day] = (series[day] ?? 0) + units;
  };
  const stockMoved = (sku: string, day: number, by: number) => {
    const now = (available.get(sku) ?? 0) + by;
    available.set(sku, now);
    let low = lowest.get(sku);
    let close = closing.get(sku);
    if (low === undefined || close === undefined) {
      low = Array.from({ length: options.days }, () => Infinity);
      close = Array.from({ length: options.days }, () => Number.NaN);
      lowest.set(sku, low);
      closing.set(sku, close);
    }
    if (day >= 0 && day < options.days) {
      low[day] = Math.min(low[day] ?? Infinity, now);
      close[day] = now;
    }
  };
  for (const seeded of seedHistory({ ...options, fraud: false, end })) {
    const event = seeded.event;
    const day = Math.floor(seeded.at / dayMs) - firstDay;
    if (event.type === 'ProductAdded') categoryOf.set(event.data.sku, event.data.category);
    if (event.type === 'StockRestocked') stockMoved(event.data.sku, day, event.data.quantity);
    if (event.type === 'StockReserved') stockMoved(event.data.sku, day, -event.data.quantity);
    if (event.type === 'StockReleased') stockMoved(event.data.sku, day, event.data.quantity);
    const changes =
      event.type === 'OrderPlaced'
        ? event.data.lines.map((line) => ({ sku: line.sku, units: line.quantity }))
        : event.type === 'StockReleased'
          ? [{ sku: event.data.sku, units: -event.data.quantity }]
          : [];
    for (const { sku, units } of changes) {
      add(bySku, sku, day, units);
      add(byCategory, categoryOf.get(sku) ?? 'Uncategorised', day, units);
    }
  }
  // A day is out of stock if it began with none (carried from the day before) or went to none.
  const outDays = (sku: string): boolean[] => {
    let carried = 0;
    const close = closing.get(sku) ?? [];
    return (lowest.get(sku) ?? zeros()).map((low, day) => {
      const out = carried <= 0 || low <= 0;
      const closed = close[day] ?? Number.NaN;
      if (!Number.isNaN(closed)) carried = closed;
      return out;
    });
  };
  const skus: Series[] = [...bySku].map(([key, units]) => ({ key, units, out: outDays(key) }));
  // A category's sales are its skus' sum: a stockout of one sku moves buyers to its neighbours,
  // so category weeks are all kept.
  const categories: Series[] = [...byCategory].map(([key, units]) => ({
    key,
    units,
    out: units.map(() => false),
  }));
  return { skus, categories };
};

interface Tally {
  series: number;
  fitted: number;
  weeklyApe: number;
  weeks: number;
  zeroWeeks: number;
  censoredWeeks: number;
  absErrors: number;
  weekUnits: number;
  floorApe: number;
  dailyApe: number;
  sellingDays: number;
  days: number;
  in80: number;
  in95: number;
  weeksIn95: number;
  allWeeks: number;
}
const emptyTally = (): Tally => ({
  series: 0,
  fitted: 0,
  weeklyApe: 0,
  weeks: 0,
  zeroWeeks: 0,
  censoredWeeks: 0,
  absErrors: 0,
  weekUnits: 0,
  floorApe: 0,
  dailyApe: 0,
  sellingDays: 0,
  days: 0,
  in80: 0,
  in95: 0,
  weeksIn95: 0,
  allWeeks: 0,
});

const z95 = normalQuantile(0.975);

/** A Poisson draw (Knuth's product of uniforms; a rounded normal past 50, where they agree). */
const poisson = (random: Random, mean: number): number => {
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.normal()));
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = random.next(); p > limit; p *= random.next()) k += 1;
  return k;
};

/**
 * The MAPE a perfect model would still score on a week whose units are a Poisson draw around
 * `mean` (weeks drawing 0 left out, as above): the noise floor of the measure at this volume.
 */
const noiseFloor = (random: Random, mean: number, draws = 200): number => {
  let sum = 0;
  let counted = 0;
  for (let n = 0; n < draws; n++) {
    const units = poisson(random, mean);
    if (units === 0) continue;
    sum += Math.abs(mean - units) / units;
    counted += 1;
  }
  return counted === 0 ? 0 : sum / counted;
};
const floorRandom = new Random(1);

/** Forecasts the held-out days of one series and adds its errors and coverage to the tally. */
const score = (tally: Tally, series: Series, holdoutDays: number): void => {
  const fit = series.units.slice(0, -holdoutDays);
  const actual = series.units.slice(-holdoutDays);
  const out = series.out.slice(-holdoutDays);
  const { model, points } = forecastDemand(fit, holdoutDays);
  tally.series += 1;
  if (model.name === 'sarima') tally.fitted += 1;
  points.forEach((p, day) => {
    const a = actual[day] ?? 0;
    if (out[day] === true) return;
    tally.days += 1;
    if (a >= p.lo80 && a <= p.hi80) tally.in80 += 1;
    if (a >= p.lo95 && a <= p.hi95) tally.in95 += 1;
    if (a > 0) {
      tally.sellingDays += 1;
      tally.dailyApe += Math.abs(p.units - a) / a;
    }
  });
  for (let week = 0; week + 7 <= holdoutDays; week += 7) {
    const span: readonly ForecastPoint[] = points.slice(week, week + 7);
    const forecast = span.reduce((sum, p) => sum + p.units, 0);
    // The week's band as the reorder point takes it: the days' error variances summed.
    const sd = Math.sqrt(span.reduce((sum, p) => sum + p.variance, 0));
    const happened = actual.slice(week, week + 7).reduce((sum, units) => sum + units, 0);
    if (out.slice(week, week + 7).some(Boolean)) {
      tally.censoredWeeks += 1;
      continue;
    }
    tally.allWeeks += 1;
    if (Math.abs(happened - forecast) <= z95 * sd) tally.weeksIn95 += 1;
    if (happened <= 0) {
      tally.zeroWeeks += 1;
      continue;
    }
    tally.weeks += 1;
    tally.weeklyApe += Math.abs(forecast - happened) / happened;
    tally.absErrors += Math.abs(forecast - happened);
    tally.weekUnits += happened;
    tally.floorApe += noiseFloor(floorRandom, forecast);
  }
};

/** The share of a series' days since its first sale on which it sold. */
export const sellingShare = (units: readonly number[]): number => {
  const first = units.findIndex((u) => u > 0);
  if (first < 0) return 0;
  const since = units.slice(first);
  return since.filter((u) => u > 0).length / since.length;
};

const percent = (part: number, whole: number): number =>
  whole === 0 ? Number.NaN : (100 * part) / whole;

const figuresOf = (label: string, tally: Tally, target: boolean): Figure[] => [
  {
    name: `${label}: weekly MAPE (${String(tally.weeks)} series-weeks; left out: ${String(tally.zeroWeeks)} with no sale, ${String(tally.censoredWeeks)} with a stockout)`,
    value: percent(tally.weeklyApe, tally.weeks),
    unit: '%',
    ...(target ? { target: { atMost: 15 } } : {}),
  },
  {
    name: `${label}: its noise floor (MAPE of a perfect model if each week were Poisson)`,
    value: percent(tally.floorApe, tally.weeks),
    unit: '%',
  },
  {
    name: `${label}: weekly WAPE (Σ|F − A| / ΣA, same weeks)`,
    value: percent(tally.absErrors, tally.weekUnits),
    unit: '%',
  },
  {
    name: `${label}: daily MAPE (days with a sale)`,
    value: percent(tally.dailyApe, tally.sellingDays),
    unit: '%',
  },
  {
    name: `${label}: 80% interval coverage (daily)`,
    value: percent(tally.in80, tally.days),
    unit: '%',
  },
  {
    name: `${label}: 95% interval coverage (daily)`,
    value: percent(tally.in95, tally.days),
    unit: '%',
  },
  {
    name: `${label}: 95% coverage of weekly totals (σ² = Σ daily variances)`,
    value: percent(tally.weeksIn95, tally.allWeeks),
    unit: '%',
  },
  {
    name: `${label}: series (fitted by SARIMA; the rest short or intermittent)`,
    value: tally.series,
    unit: `series (${String(tally.fitted)} SARIMA)`,
  },
];

export const evaluateForecast = async (options: {
  orders: number;
  days: number;
  seed: number;
  holdoutWeeks: number;
}): Promise<Figure[]> => {
  const holdoutDays = options.holdoutWeeks * 7;
  const { skus, categories } = dailyDemand(options);
  const steady = emptyTally();
  const rest = emptyTally();
  const byCategory = emptyTally();
  let steadyUnits = 0;
  let steadyDays = 0;
  for (const series of skus) {
    const fit = series.units.slice(0, -holdoutDays);
    const isSteady = sellingShare(fit) >= steadyShare;
    if (isSteady) {
      steadyUnits += fit.reduce((sum, u) => sum + u, 0);
      steadyDays += fit.length;
    }
    score(isSteady ? steady : rest, series, holdoutDays);
  }
  for (const series of categories) score(byCategory, series, holdoutDays);
  // The fits are synchronous WASM calls; yielding once keeps the signature the bench runner awaits.
  await Promise.resolve();
  return [
    ...figuresOf('steady skus', steady, true),
    {
      name: 'steady skus: mean units a day (fit period)',
      value: steadyDays === 0 ? 0 : steadyUnits / steadyDays,
      unit: 'units',
    },
    ...figuresOf('other skus', rest, false),
    ...figuresOf('categories', byCategory, true),
  ];
};
