import { z } from 'zod';

// The response shapes of GET /api/analytics/*. Amounts are integers of minor units of `currency`;
// rates are fractions (0..1); days are UTC calendar days 'YYYY-MM-DD' of the business time
// (`occurredAt`); weekdays are ISO (1 = Monday … 7 = Sunday); hours are UTC (0..23).

const count = z.number().int();
const amount = z.number().int();
const rate = z.number();

/** An inclusive range of days. */
export const rangeSchema = z.object({ from: z.string(), to: z.string(), days: count });
export type Range = z.infer<typeof rangeSchema>;

/** What every analytics answer starts with: its range, the compared one, and the currency. */
const envelope = {
  range: rangeSchema,
  /** The previous period of the same length, ending the day before `range.from` (compare=previous). */
  compareRange: rangeSchema.nullable(),
  currency: z.string(),
};

/** Each endpoint answers its figures for the range and, when compared, the same for the previous period. */
const compared = <T extends z.ZodType>(figures: T) =>
  z.object({ ...envelope, current: figures, previous: figures.nullable() });

// --- summary --------------------------------------------------------------------------------
export const metricSchema = z.object({
  value: z.number(),
  /** The same figure over the previous period; null without compare. */
  previous: z.number().nullable(),
  /** (value - previous) / previous; null without compare or when previous is 0. */
  change: z.number().nullable(),
  /** One point per day of the range (sparkline), oldest first. */
  series: z.array(z.number()),
  previousSeries: z.array(z.number()).nullable(),
});
export const alertSchema = z.object({
  kind: z.enum(['low_stock', 'stockouts', 'payment_success_falling', 'cancellations_rising']),
  severity: z.enum(['warning', 'critical']),
  message: z.string(),
  sku: z.string().optional(),
});
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
  alerts: z.array(alertSchema),
});

// --- sales ----------------------------------------------------------------------------------
export const granularities = ['day', 'week', 'month'] as const;
export const salesFiguresSchema = z.object({
  totals: z.object({ revenue: amount, orders: count, units: count, averageOrderValue: amount }),
  /** `period` is the day, the ISO week's Monday, or the month's first day. */
  series: z.array(
    z.object({ period: z.string(), revenue: amount, orders: count, averageOrderValue: amount }),
  ),
  byCategory: z.array(
    z.object({ category: z.string(), revenue: amount, units: count, share: rate }),
  ),
  /** 168 cells: every weekday × hour, orders placed and their revenue. */
  heatmap: z.array(z.object({ weekday: count, hour: count, orders: count, revenue: amount })),
});
export const salesSchema = compared(salesFiguresSchema).extend({
  granularity: z.enum(granularities),
});

// --- products -------------------------------------------------------------------------------
export const productRowSchema = z.object({
  sku: z.string(),
  name: z.string(),
  category: z.string(),
  /** Units ordered, net of what was released again (cancelled or rejected orders). */
  units: count,
  revenue: amount,
});
export const productsFiguresSchema = z.object({
  /** The category drilled into (query `category`), or null for every product. */
  category: z.string().nullable(),
  categories: z.array(z.object({ category: z.string(), units: count, revenue: amount })),
  top: z.object({ byUnits: z.array(productRowSchema), byRevenue: z.array(productRowSchema) }),
  /** Products of the catalog that sold least, those that sold nothing included. */
  worst: z.object({ byUnits: z.array(productRowSchema), byRevenue: z.array(productRowSchema) }),
  stockouts: z.array(
    z.object({
      sku: z.string(),
      name: z.string(),
      category: z.string(),
      /** Reservations refused for want of stock. */
      stockouts: count,
      lastDay: z.string(),
    }),
  ),
  turnover: z.array(
    z.object({
      sku: z.string(),
      name: z.string(),
      category: z.string(),
      /** Units shipped (stock committed) in the range. */
      unitsSold: count,
      /** Stock on hand now (restocked minus shipped). */
      onHand: count,
      /** unitsSold / onHand; null when nothing is on hand. */
      turnover: z.number().nullable(),
      /** Days the stock on hand lasts at the range's daily sales; null when nothing sold. */
      daysOfCover: z.number().nullable(),
    }),
  ),
});
export const productsSchema = compared(productsFiguresSchema);

// --- customers ------------------------------------------------------------------------------
export const customersFiguresSchema = z.object({
  newCustomers: count,
  ordersFromNew: count,
  ordersFromReturning: count,
  revenueFromNew: amount,
  revenueFromReturning: amount,
  series: z.array(
    z.object({
      day: z.string(),
      newCustomers: count,
      ordersFromNew: count,
      ordersFromReturning: count,
    }),
  ),
  /**
   * Lifetime value (every order placed to date) of the customers whose first order falls in the
   * months the range touches; `to` null on the open last bucket.
   */
  lifetimeValue: z.object({
    customers: count,
    average: amount,
    buckets: z.array(z.object({ from: amount, to: amount.nullable(), customers: count })),
  }),
  /** Cohorts by first-order month (those the range touches), retention month by month to date. */
  cohorts: z.array(
    z.object({
      cohort: z.string(),
      customers: count,
      retention: z.array(
        z.object({ offset: count, month: z.string(), active: count, rate, revenue: amount }),
      ),
    }),
  ),
});
export const customersSchema = compared(customersFiguresSchema);

// --- fulfilment -----------------------------------------------------------------------------
export const timingSchema = z.object({
  orders: count,
  p50Hours: z.number().nullable(),
  p90Hours: z.number().nullable(),
  /** The histogram the percentiles come from; `toHours` null on the open last bucket. */
  buckets: z.array(z.object({ toHours: z.number().nullable(), orders: count })),
});
export const fulfilmentFiguresSchema = z.object({
  /** Events of each kind that happened in the range. */
  funnel: z.object({
    placed: count,
    confirmed: count,
    shipped: count,
    delivered: count,
    cancelled: count,
    rejected: count,
  }),
  /** cancelled / placed over the range. */
  cancellationRate: rate,
  rejectionsByReason: z.array(z.object({ reason: z.string(), orders: count })),
  cancellationsByReason: z.array(z.object({ reason: z.string(), orders: count })),
  /** Measured on the day the order shipped / was delivered. */
  timings: z.object({ placedToShipped: timingSchema, placedToDelivered: timingSchema }),
  payments: z.object({
    authorized: count,
    declined: count,
    /** authorized / (authorized + declined); null when there was no attempt. */
    successRate: rate.nullable(),
    declineReasons: z.array(z.object({ reason: z.string(), count })),
  }),
  series: z.array(
    z.object({
      day: z.string(),
      placed: count,
      shipped: count,
      delivered: count,
      cancelled: count,
      rejected: count,
    }),
  ),
});
export const fulfilmentSchema = compared(fulfilmentFiguresSchema);

// --- carts ----------------------------------------------------------------------------------
export const cartsFiguresSchema = z.object({
  /** Fills begun: a first line into an empty cart, or lines left in it after a checkout. */
  started: count,
  checkedOut: count,
  /** Fills whose every line was removed. */
  emptied: count,
  /**
   * Fills left untouched for `abandonedAfterHours`, on the day they were left, once each (those
   * still untouched as of now included).
   */
  abandoned: count,
  /** What the abandoned fills held, each line at the catalog price when it was last touched. */
  abandonedValue: amount,
  /** Checkouts of fills abandoned before (their customer came back). */
  recovered: count,
  /** abandoned / (abandoned + checkedOut); null when there was neither. */
  abandonmentRate: rate.nullable(),
  abandonedAfterHours: count,
  series: z.array(
    z.object({
      day: z.string(),
      started: count,
      checkedOut: count,
      abandoned: count,
      abandonedValue: amount,
    }),
  ),
});
export const cartsSchema = compared(cartsFiguresSchema);

export type Summary = z.infer<typeof summarySchema>;
export type Metric = z.infer<typeof metricSchema>;
export type Alert = z.infer<typeof alertSchema>;
export type Granularity = (typeof granularities)[number];
export type SalesFigures = z.infer<typeof salesFiguresSchema>;
export type Sales = z.infer<typeof salesSchema>;
export type ProductRow = z.infer<typeof productRowSchema>;
export type ProductsFigures = z.infer<typeof productsFiguresSchema>;
export type Products = z.infer<typeof productsSchema>;
export type CustomersFigures = z.infer<typeof customersFiguresSchema>;
export type Customers = z.infer<typeof customersSchema>;
export type FulfilmentFigures = z.infer<typeof fulfilmentFiguresSchema>;
export type Fulfilment = z.infer<typeof fulfilmentSchema>;
export type CartsFigures = z.infer<typeof cartsFiguresSchema>;
export type Carts = z.infer<typeof cartsSchema>;
