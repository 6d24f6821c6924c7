import { z } from 'zod';
import { orderStatuses } from '../../domain/order/state.ts';

// `analytics_sales`: pre-aggregated documents keyed on business days, so a 90-day question reads
// about 90 day documents (and the day-sku documents of its skus), never the orders themselves.

const base = { _id: z.string(), _position: z.string().optional() };
const count = z.number().int();
const counts = z.record(z.string(), count);

/** What the per-day figures need to remember of an order: its lines, when placed, its statuses. */
export const saleOrderDocSchema = z.object({
  ...base,
  kind: z.literal('order'),
  placedAt: z.string(),
  total: count,
  currency: z.string(),
  lines: z.array(
    z.object({ sku: z.string(), category: z.string(), quantity: count, unitPrice: count }),
  ),
  /** Each status change at the position key of its event (a replayed batch reads the status before). */
  transitions: z.array(z.object({ status: z.enum(orderStatuses), at: z.string() })),
});

const categoryFigures = z.object({ units: count, revenue: count });

/** One UTC day: every figure of the orders, payments and statuses that happened on it. */
export const saleDayDocSchema = z.object({
  ...base,
  kind: z.literal('day'),
  key: z.string(),
  currency: z.string(),
  placed: count,
  /** Value of the orders placed (gross). */
  placedValue: count,
  units: count,
  confirmed: count,
  shipped: count,
  delivered: count,
  cancelled: count,
  cancelledValue: count,
  rejected: count,
  rejectedValue: count,
  cancellations: counts,
  rejections: counts,
  authorized: count,
  declined: count,
  declines: counts,
  /** Units and value placed per category, less the lines of orders cancelled or rejected that day. */
  categories: z.record(z.string(), categoryFigures),
  /** Orders placed and their value by UTC hour (24 each): a heatmap is a sum of days by weekday. */
  hourOrders: z.array(count),
  hourRevenue: z.array(count),
  /** Histograms over timingBoundsHours, on the day the order shipped / was delivered. */
  toShipped: z.array(count),
  toDelivered: z.array(count),
});

/** One sku on one day. */
export const saleDaySkuDocSchema = z.object({
  ...base,
  kind: z.literal('day-sku'),
  key: z.string(),
  sku: z.string(),
  category: z.string(),
  ordered: count,
  orderedValue: count,
  /** Released again (cancelled or rejected orders) and refused for want of stock. */
  released: count,
  releasedValue: count,
  refused: count,
  refusedValue: count,
  /** Units shipped (stock committed). */
  committed: count,
  stockouts: count,
  restocked: count,
});

/** One sku of the catalog: its name and category, and its stock now. */
export const saleSkuDocSchema = z.object({
  ...base,
  kind: z.literal('sku'),
  key: z.string(),
  name: z.string(),
  category: z.string(),
  /** Restocked minus reserved plus released. */
  available: count,
  /** Restocked minus shipped. */
  onHand: count,
  stockouts: count,
});

export const salesDocSchema = z.discriminatedUnion('kind', [
  saleOrderDocSchema,
  saleDayDocSchema,
  saleDaySkuDocSchema,
  saleSkuDocSchema,
]);
export type SalesDoc = z.infer<typeof salesDocSchema>;
export type SaleOrderDoc = z.infer<typeof saleOrderDocSchema>;
export type SaleDayDoc = z.infer<typeof saleDayDocSchema>;
export type SaleDaySkuDoc = z.infer<typeof saleDaySkuDocSchema>;
export type SaleSkuDoc = z.infer<typeof saleSkuDocSchema>;

export const saleOrderId = (orderId: string): string => `order:${orderId}`;
export const saleDayId = (day: string): string => `day:${day}`;
export const saleDaySkuId = (day: string, sku: string): string => `day-sku:${day}:${sku}`;
export const saleSkuId = (sku: string): string => `sku:${sku}`;

export const uncategorised = 'Uncategorised';
