import { z } from 'zod';

// GET /api/analytics/demand-forecast: what it takes and what it answers.

export const demandForecastQuery = z.strictObject({
  sku: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a sku: letters, digits, dot, dash, underscore'),
  /** Days ahead, from today (the first day not in the history). */
  horizon: z.enum(['7', '30']).default('7'),
  /** Days from ordering stock to having it to sell. */
  leadTimeDays: z.coerce.number().int().min(1).max(90).default(7),
  /** The chance of not running out during a lead time that the reorder point aims for. */
  serviceLevel: z.coerce.number().min(0.5).max(0.999).default(0.95),
});
export type DemandForecastQuery = z.infer<typeof demandForecastQuery>;

const units = z.number();
const count = z.number().int();

export const demandForecastSchema = z.object({
  sku: z.string(),
  name: z.string(),
  category: z.string(),
  /** The last day of history (yesterday, UTC); the forecast starts the day after. */
  asOf: z.string(),
  /** The last 8 weeks of daily demand: units ordered less units released again that day. */
  history: z.array(z.object({ day: z.string(), units: count })),
  forecast: z.array(
    z.object({ day: z.string(), units, lo80: units, hi80: units, lo95: units, hi95: units }),
  ),
  /** Units available to sell now (on hand less reserved), from inventory_levels. */
  stock: count,
  leadTimeDays: count,
  serviceLevel: z.number(),
  /** Stock is reviewed weekly: an order covers the lead time and one more week. */
  reviewDays: count,
  /** Expected demand over the lead time, and z(serviceLevel)·σ over it. */
  leadTimeDemand: units,
  safetyStock: units,
  reorderPoint: count,
  orderUpTo: count,
  /** Whole days the stock lasts at the forecast demand; null: no demand forecast at all. */
  daysOfCover: count.nullable(),
  /** Units to order now: up to orderUpTo when stock is at or below the reorder point, else 0. */
  suggestedReorder: count,
  model: z.object({
    name: z.enum(['sarima', 'insufficient-history']),
    /** Why no seasonal model: too-short, intermittent, or fit-failed. */
    reason: z.string().optional(),
    params: z.record(z.string(), z.union([z.number(), z.string()])),
    /** Days the model was fitted on (from the first sale, at most a year). */
    fittedOn: count,
  }),
});
export type DemandForecast = z.infer<typeof demandForecastSchema>;
