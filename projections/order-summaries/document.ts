import { z } from 'zod';
import { orderLineSchema } from '../../domain/order/events.ts';
import { orderStatuses } from '../../domain/order/state.ts';
import { moneySchema } from '../../domain/shared/money.ts';

export const stepsSchema = z.object({
  placedAt: z.string(),
  stockReservedAt: z.string().optional(),
  paymentAuthorizedAt: z.string().optional(),
  confirmedAt: z.string().optional(),
  shippedAt: z.string().optional(),
  deliveredAt: z.string().optional(),
  cancelledAt: z.string().optional(),
  rejectedAt: z.string().optional(),
});
export type Steps = z.infer<typeof stepsSchema>;

const stockStates = ['reserved', 'rejected', 'released', 'committed'] as const;

/** One `order_summaries` document: the order as lists and its page show it. */
export const orderSummaryDocSchema = z.object({
  _id: z.string(),
  _position: z.string().optional(),
  orderId: z.string(),
  customerId: z.string(),
  status: z.enum(orderStatuses),
  lines: z.array(orderLineSchema),
  lineCount: z.number().int(),
  skus: z.array(z.string()),
  total: moneySchema,
  placedAt: z.string(),
  updatedAt: z.string(),
  reason: z.string().optional(),
  detail: z.string().nullable().optional(),
  cancelledBy: z.string().optional(),
  shipment: z.object({ carrier: z.string(), trackingId: z.string() }).optional(),
  steps: stepsSchema,
  /**
   * An open order that ends badly unless an operator steps in; absent in documents written
   * before it existed (read as false). The deadline is the API's to tell: it depends on policy.
   */
  needsAttention: z.boolean().optional(),
  attention: z
    .object({ kind: z.enum(['payment_declined', 'shipping_refused']), since: z.string() })
    .optional(),
  /** The `$all` commit position of the last event applied. */
  position: z.number().int(),
  /** Where each line's stock stands, to know when all of it is reserved (not shown to clients). */
  stock: z.array(z.object({ sku: z.string(), state: z.enum(stockStates) })),
});
export type OrderSummaryDoc = z.infer<typeof orderSummaryDocSchema>;
export type StockState = (typeof stockStates)[number];

/** OrderSummary of the API contract: what lists show. */
export const summaryView = (doc: OrderSummaryDoc) => {
  const { _id: _i, _position: _p, lines: _l, stock: _s, ...summary } = doc;
  return summary;
};
export type OrderSummary = ReturnType<typeof summaryView>;

/** The order's page: OrderView's fields plus steps and position. */
export const detailView = (doc: OrderSummaryDoc) => {
  const { _id: _i, _position: _p, stock: _s, lineCount: _c, skus: _k, ...detail } = doc;
  return detail;
};
