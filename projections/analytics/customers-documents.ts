import { z } from 'zod';

// `analytics_customers`: per customer its orders, per day new and returning customers, per
// calendar month the activity of every cohort (customers by the month of their first order).

const base = { _id: z.string(), _position: z.string().optional() };
const count = z.number().int();

/** A customer's orders, each at the position key of its OrderPlaced (a replay reads what came before). */
export const customerDocSchema = z.object({
  ...base,
  kind: z.literal('customer'),
  orders: z.array(z.object({ at: z.string(), month: z.string(), amount: count })),
});

/** One UTC day: orders from customers new that day (their first order) and from returning ones. */
export const customerDayDocSchema = z.object({
  ...base,
  kind: z.literal('day'),
  key: z.string(),
  newCustomers: count,
  ordersFromNew: count,
  ordersFromReturning: count,
  revenueFromNew: count,
  revenueFromReturning: count,
});

const cohortActivity = z.object({
  /** Distinct customers of the cohort who ordered this month. */
  active: count,
  orders: count,
  revenue: count,
});

/** One calendar month: each cohort's activity in it, and how its lifetime-value histogram moved. */
export const customerMonthDocSchema = z.object({
  ...base,
  kind: z.literal('month'),
  key: z.string(),
  cohorts: z.record(z.string(), cohortActivity),
  /**
   * Per cohort, changes to the count of its customers in each lifetimeValueBounds bucket made by
   * this month's orders: a cohort's histogram now is the sum over every month.
   */
  lifetimeValue: z.record(z.string(), z.array(count)),
});

export const customersDocSchema = z.discriminatedUnion('kind', [
  customerDocSchema,
  customerDayDocSchema,
  customerMonthDocSchema,
]);
export type CustomersDoc = z.infer<typeof customersDocSchema>;
export type CustomerDoc = z.infer<typeof customerDocSchema>;
export type CustomerDayDoc = z.infer<typeof customerDayDocSchema>;
export type CustomerMonthDoc = z.infer<typeof customerMonthDocSchema>;

export const customerId = (id: string): string => `customer:${id}`;
export const customerDayId = (day: string): string => `day:${day}`;
export const customerMonthId = (month: string): string => `month:${month}`;
