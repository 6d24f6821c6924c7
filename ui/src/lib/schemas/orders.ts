import * as z from 'zod/mini';
import { moneySchema, optionalString, positionSchema } from './common.ts';

export const orderStatuses = [
  'placed',
  'confirmed',
  'shipped',
  'delivered',
  'cancelled',
  'rejected',
] as const;
export const orderStatusSchema = z.enum(orderStatuses);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

export const stepsSchema = z.object({
  placedAt: optionalString,
  stockReservedAt: optionalString,
  paymentAuthorizedAt: optionalString,
  confirmedAt: optionalString,
  shippedAt: optionalString,
  deliveredAt: optionalString,
  cancelledAt: optionalString,
  rejectedAt: optionalString,
});
export type Steps = z.infer<typeof stepsSchema>;

export const orderSummarySchema = z.object({
  orderId: z.string(),
  customerId: z.string(),
  status: orderStatusSchema,
  total: moneySchema,
  lineCount: z.optional(z.int()),
  skus: z.optional(z.array(z.string())),
  placedAt: z.string(),
  updatedAt: z.string(),
  reason: optionalString,
  detail: optionalString,
  steps: z.optional(stepsSchema),
  position: z.optional(z.nullable(positionSchema)),
  needsAttention: z.optional(z.boolean()),
  attention: z.optional(
    z.object({ kind: z.string(), since: z.string(), until: z.optional(z.nullable(z.string())) }),
  ),
});
export type OrderSummary = z.infer<typeof orderSummarySchema>;

export const orderPageSchema = z.object({
  items: z.array(orderSummarySchema),
  nextCursor: z.nullable(z.string()),
});

const orderLineSchema = z.object({
  sku: z.string(),
  name: z.string(),
  quantity: z.int(),
  unitPrice: moneySchema,
  lineTotal: moneySchema,
});
export type OrderLine = z.infer<typeof orderLineSchema>;

export const orderViewSchema = z.object({
  ...orderSummarySchema.shape,
  lines: z.array(orderLineSchema),
  cancelledBy: optionalString,
  shipment: z.optional(
    z.nullable(
      z.object({
        carrier: z.string(),
        trackingId: z.string(),
        estimatedDeliveryAt: optionalString,
        previousEstimatedDeliveryAt: optionalString,
      }),
    ),
  ),
  /** Where it ships, as the customer chose at checkout; erased with the customer's key. */
  shipTo: z.optional(
    z.object({
      addressId: z.string(),
      address: z.union([
        z.object({ erased: z.literal(true) }),
        z.object({
          recipient: z.string(),
          line1: z.string(),
          line2: optionalString,
          postalCode: z.string(),
          city: z.string(),
          region: optionalString,
          country: z.string(),
        }),
      ]),
    }),
  ),
  serviceLevel: z.optional(z.enum(['standard', 'express'])),
});
export type OrderView = z.infer<typeof orderViewSchema>;

export const timelineEntrySchema = z.object({
  eventId: z.string(),
  stream: z.string(),
  revision: z.union([z.number(), z.string()]),
  type: z.string(),
  actor: optionalString,
  causationId: optionalString,
  occurredAt: optionalString,
  recordedAt: z.string(),
  position: z.optional(z.nullable(positionSchema)),
  summary: z.string(),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const timelineSchema = z.object({
  orderId: z.string(),
  entries: z.array(timelineEntrySchema),
});

export const waitingSchema = z.nullable(
  z.object({
    for: z.string(),
    until: z.nullable(z.string()),
    then: z.nullable(z.string()),
    needsAttention: z.boolean(),
  }),
);
export type Waiting = z.infer<typeof waitingSchema>;

/** `GET /api/orders/:id/progress`: what the order waits for, until when. */
export const progressSchema = z.object({
  orderId: z.string(),
  stage: z.string(),
  waiting: waitingSchema,
});
export type Progress = z.infer<typeof progressSchema>;
