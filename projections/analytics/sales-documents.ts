import { z } from 'zod';
import { orderStatuses } from '../../domain/order/state.ts';

// `analytics_sales`: pre-aggregated documents keyed on business days, so a 90-day question reads
// about 90 day documents (and, for skus, 13 weeks × 32 shards with a few days' shards at the
// edges), never the orders.

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

/** One sku's figures of one day. */
export const skuDayFiguresSchema = z.object({
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

/**
 * The skus of one day that hash to one shard: a range of days reads days × shards documents
 * whatever the size of the catalog, and an event copies only its shard's few dozen skus.
 */
export const saleDaySkusDocSchema = z.object({
  ...base,
  kind: z.literal('day-skus'),
  key: z.string(),
  shard: count,
  skus: z.record(z.string(), skuDayFiguresSchema),
});

/**
 * The same figures summed over an ISO week (key: its Monday), so a long range reads a week's
 * shard once instead of seven day shards; `lastStockout` keeps the day of the week's last one.
 */
export const saleWeekSkusDocSchema = z.object({
  ...base,
  kind: z.literal('week-skus'),
  key: z.string(),
  shard: count,
  skus: z.record(z.string(), skuDayFiguresSchema.extend({ lastStockout: z.string().optional() })),
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
  /** Set by an operator (LowStockThresholdSet); absent: the default of the one low-stock rule. */
  lowStockThreshold: count.optional(),
});

export const salesDocSchema = z.discriminatedUnion('kind', [
  saleOrderDocSchema,
  saleDayDocSchema,
  saleDaySkusDocSchema,
  saleWeekSkusDocSchema,
  saleSkuDocSchema,
]);
export type SalesDoc = z.infer<typeof salesDocSchema>;
export type SaleOrderDoc = z.infer<typeof saleOrderDocSchema>;
export type SaleDayDoc = z.infer<typeof saleDayDocSchema>;
export type SaleDaySkusDoc = z.infer<typeof saleDaySkusDocSchema>;
export type SaleWeekSkusDoc = z.infer<typeof saleWeekSkusDocSchema>;
export type SkuDayFigures = z.infer<typeof skuDayFiguresSchema>;
/** One sku on one day, as queries read it out of its shard. */
export type SaleDaySku = SkuDayFigures & { readonly key: string; readonly sku: string };
export type SaleSkuDoc = z.infer<typeof saleSkuDocSchema>;

export const saleOrderId = (orderId: string): string => `order:${orderId}`;
export const saleDayId = (day: string): string => `day:${day}`;
export const skuShards = 32;
/** The shard of a sku (FNV-1a): fixed, so a document's id follows from the event alone. */
export const shardOf = (sku: string): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < sku.length; i++) hash = Math.imul(hash ^ sku.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % skuShards;
};
export const saleDaySkusId = (day: string, shard: number): string => `day-skus:${day}:${shard}`;
export const saleWeekSkusId = (week: string, shard: number): string => `week-skus:${week}:${shard}`;
export const saleSkuId = (sku: string): string => `sku:${sku}`;

export const uncategorised = 'Uncategorised';
