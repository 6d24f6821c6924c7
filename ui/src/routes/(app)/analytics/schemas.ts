import * as z from 'zod/mini';

// What the analytics pages read of GET /api/analytics/* (api/analytics/schemas.ts holds the whole
// contract): amounts in minor units of `currency`, rates as fractions, days as UTC 'YYYY-MM-DD'.

const int = z.number();
const rangeSchema = z.object({ from: z.string(), to: z.string(), days: int });
const envelope = {
  range: rangeSchema,
  compareRange: z.nullable(rangeSchema),
  currency: z.string(),
};
const compared = <T extends z.ZodMiniType>(figures: T) =>
  z.object({ ...envelope, current: figures, previous: z.nullable(figures) });

const metricSchema = z.object({
  value: z.number(),
  previous: z.nullable(z.number()),
  change: z.nullable(z.number()),
  series: z.array(z.number()),
  previousSeries: z.nullable(z.array(z.number())),
});
export type Metric = z.infer<typeof metricSchema>;

export const summarySchema = z.object({
  ...envelope,
  metrics: z.object({
    revenue: metricSchema,
    orders: metricSchema,
    averageOrderValue: metricSchema,
    cancellationRate: metricSchema,
    paymentSuccessRate: metricSchema,
    newCustomers: metricSchema,
  }),
  alerts: z.array(
    z.object({
      kind: z.string(),
      severity: z.string(),
      message: z.string(),
      sku: z.optional(z.string()),
    }),
  ),
});

const salesFigures = z.object({
  totals: z.object({ revenue: int, orders: int, units: int, averageOrderValue: int }),
  series: z.array(
    z.object({ period: z.string(), revenue: int, orders: int, averageOrderValue: int }),
  ),
  byCategory: z.array(
    z.object({ category: z.string(), revenue: int, units: int, share: z.number() }),
  ),
  heatmap: z.array(z.object({ weekday: int, hour: int, orders: int, revenue: int })),
});
export const salesSchema = z.extend(compared(salesFigures), { granularity: z.string() });
export type SalesFigures = z.infer<typeof salesFigures>;

const productRow = z.object({
  sku: z.string(),
  name: z.string(),
  category: z.string(),
  units: int,
  revenue: int,
});
export type ProductRow = z.infer<typeof productRow>;
const productsFigures = z.object({
  category: z.nullable(z.string()),
  categories: z.array(z.object({ category: z.string(), units: int, revenue: int })),
  top: z.object({ byUnits: z.array(productRow), byRevenue: z.array(productRow) }),
  worst: z.object({ byUnits: z.array(productRow), byRevenue: z.array(productRow) }),
  stockouts: z.array(
    z.object({ sku: z.string(), name: z.string(), stockouts: int, lastDay: z.string() }),
  ),
  turnover: z.array(
    z.object({
      sku: z.string(),
      name: z.string(),
      unitsSold: int,
      onHand: int,
      turnover: z.nullable(z.number()),
      daysOfCover: z.nullable(z.number()),
    }),
  ),
});
export const productsSchema = compared(productsFigures);

const customersFigures = z.object({
  newCustomers: int,
  ordersFromNew: int,
  ordersFromReturning: int,
  revenueFromNew: int,
  revenueFromReturning: int,
  series: z.array(
    z.object({ day: z.string(), newCustomers: int, ordersFromNew: int, ordersFromReturning: int }),
  ),
  lifetimeValue: z.object({
    customers: int,
    average: int,
    buckets: z.array(z.object({ from: int, to: z.nullable(int), customers: int })),
  }),
  cohorts: z.array(
    z.object({
      cohort: z.string(),
      customers: int,
      retention: z.array(
        z.object({ offset: int, month: z.string(), active: int, rate: z.number() }),
      ),
    }),
  ),
});
export const customersSchema = compared(customersFigures);

const cartsFigures = z.object({
  started: int,
  checkedOut: int,
  emptied: int,
  abandoned: int,
  abandonedValue: int,
  recovered: int,
  abandonmentRate: z.nullable(z.number()),
  abandonedAfterHours: int,
  series: z.array(
    z.object({
      day: z.string(),
      started: int,
      checkedOut: int,
      abandoned: int,
      abandonedValue: int,
    }),
  ),
});
export const cartsSchema = compared(cartsFigures);

const timing = z.object({
  orders: int,
  p50Hours: z.nullable(z.number()),
  p90Hours: z.nullable(z.number()),
  buckets: z.array(z.object({ toHours: z.nullable(z.number()), orders: int })),
});
const fulfilmentFigures = z.object({
  funnel: z.object({
    placed: int,
    confirmed: int,
    shipped: int,
    delivered: int,
    cancelled: int,
    rejected: int,
  }),
  cancellationRate: z.number(),
  rejectionsByReason: z.array(z.object({ reason: z.string(), orders: int })),
  cancellationsByReason: z.array(z.object({ reason: z.string(), orders: int })),
  timings: z.object({ placedToShipped: timing, placedToDelivered: timing }),
  payments: z.object({
    authorized: int,
    declined: int,
    successRate: z.nullable(z.number()),
    declineReasons: z.array(z.object({ reason: z.string(), count: int })),
  }),
  series: z.array(
    z.object({
      day: z.string(),
      placed: int,
      shipped: int,
      delivered: int,
      cancelled: int,
      rejected: int,
    }),
  ),
});
export const fulfilmentSchema = compared(fulfilmentFigures);
