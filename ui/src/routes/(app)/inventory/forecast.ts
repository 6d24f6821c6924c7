import * as z from 'zod/mini';

// GET /api/analytics/demand-forecast as the inventory page reads it, its CSV, and its summary in words.

export const horizons = ['7', '30'] as const;
export type Horizon = (typeof horizons)[number];

const band = { lo80: z.number(), hi80: z.number(), lo95: z.number(), hi95: z.number() };
export const demandForecastSchema = z.object({
  sku: z.string(),
  name: z.string(),
  category: z.string(),
  asOf: z.string(),
  history: z.array(z.object({ day: z.string(), units: z.number() })),
  forecast: z.array(z.object({ day: z.string(), units: z.number(), ...band })),
  stock: z.number(),
  leadTimeDays: z.number(),
  serviceLevel: z.number(),
  reorderPoint: z.number(),
  orderUpTo: z.number(),
  daysOfCover: z.nullable(z.number()),
  suggestedReorder: z.number(),
  model: z.object({
    name: z.string(),
    reason: z.optional(z.string()),
    fittedOn: z.number(),
  }),
});
export type DemandForecast = z.infer<typeof demandForecastSchema>;

/** One row per day: what sold, then what is forecast with its bands. */
export const forecastCsv = (forecast: DemandForecast): string => {
  const rows = [
    'day,kind,units,lo80,hi80,lo95,hi95',
    ...forecast.history.map((d) => `${d.day},history,${d.units},,,,`),
    ...forecast.forecast.map(
      (d) => `${d.day},forecast,${d.units},${d.lo80},${d.hi80},${d.lo95},${d.hi95}`,
    ),
  ];
  return `${rows.join('\n')}\n`;
};

const reasons: Record<string, string> = {
  'too-short': 'it has sold for under four weeks',
  intermittent: 'it sells on fewer than half of its days',
  'fit-failed': 'the seasonal model could not be fitted',
};

/** The chart in words: beside it for everyone, and what a screen reader hears. */
export const forecastSummary = (f: DemandForecast): string[] => {
  const total = f.forecast.reduce((sum, d) => sum + d.units, 0);
  const lo = f.forecast.reduce((sum, d) => sum + d.lo80, 0);
  const hi = f.forecast.reduce((sum, d) => sum + d.hi80, 0);
  const days = f.forecast.length;
  const model =
    f.model.name === 'sarima'
      ? `Seasonal ARIMA with a weekly season, fitted on ${f.model.fittedOn} days.`
      : `No seasonal model: ${reasons[f.model.reason ?? ''] ?? 'too little history'}. The forecast is the daily mean, with a wide band.`;
  const cover =
    f.daysOfCover === null
      ? 'No demand is forecast, so the stock is not used up.'
      : `At the forecast demand the stock lasts ${f.daysOfCover} ${f.daysOfCover === 1 ? 'day' : 'days'}.`;
  const order =
    f.suggestedReorder > 0
      ? `Stock is at or below the reorder point: order ${f.suggestedReorder} now (up to ${f.orderUpTo}).`
      : 'Stock is above the reorder point: nothing to order yet.';
  return [
    `About ${Math.round(total)} units over the next ${days} days (80% between ${Math.round(lo)} and ${Math.round(hi)} if each day's band held).`,
    `${f.stock} available now; reorder point ${f.reorderPoint} for a ${f.leadTimeDays}-day lead time at a ${Math.round(f.serviceLevel * 100)}% service level.`,
    cover,
    order,
    model,
  ];
};
