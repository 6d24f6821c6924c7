import { z } from 'zod';
import { defineEventRegistry, eventSchema, isoTimestamp } from '../shared/event.ts';
import type { Event, EventRegistry } from '../shared/event.ts';
import { moneySchema } from '../shared/money.ts';
import { upcastOrderPlacedV1 } from './order-placed-v1.ts';
import { serviceLevelSchema, shipToSchema } from './ship-to.ts';

export const rejectReasons = [
  'out_of_stock',
  'payment_declined',
  'payment_timeout',
  // Held for fraud review, then rejected by a reviewer or by the review's timeout.
  'fraud_review',
] as const;
export const rejectReasonSchema = z.enum(rejectReasons);
export type RejectReason = z.infer<typeof rejectReasonSchema>;

export const orderLineSchema = z.object({
  sku: z.string().min(1),
  name: z.string().min(1),
  quantity: z.number().int().positive(),
  unitPrice: moneySchema,
  lineTotal: moneySchema,
  /** The product's category at purchase (v3); lines placed before it read as 'Uncategorised'. */
  category: z.string().min(1).optional(),
});
export type OrderLine = z.infer<typeof orderLineSchema>;

/**
 * Version 4: the order may name where it ships (`shipTo`, sealed) and a service level (absent:
 * standard). Version 3 (a line may carry its category) and version 2 (Money per line) are already
 * version 4 events without them; version 1 is read through its upcaster.
 */
export const orderPlacedSchema = z.object({
  orderId: z.string().min(1),
  customerId: z.string().min(1),
  lines: z.array(orderLineSchema).min(1),
  total: moneySchema,
  placedAt: isoTimestamp,
  shipTo: shipToSchema.optional(),
  serviceLevel: serviceLevelSchema.optional(),
});
export const orderConfirmedSchema = z.object({
  orderId: z.string().min(1),
  confirmedAt: isoTimestamp,
});
export const orderRejectedSchema = z.object({
  orderId: z.string().min(1),
  reason: rejectReasonSchema,
  detail: z.string().nullable(),
  rejectedAt: isoTimestamp,
});
export const orderCancelledSchema = z.object({
  orderId: z.string().min(1),
  reason: z.string().min(1),
  /** The actor's id: the customer, an operator, or the process that cancelled. */
  cancelledBy: z.string().min(1),
  cancelledAt: isoTimestamp,
});
export const orderShippedSchema = z.object({
  orderId: z.string().min(1),
  carrier: z.string().min(1),
  trackingId: z.string().min(1),
  shippedAt: isoTimestamp,
  /** v2: the carrier's promise when it took the parcel; absent on v1 events and older carriers. */
  estimatedDeliveryAt: isoTimestamp.optional(),
});
export const orderDeliveredSchema = z.object({
  orderId: z.string().min(1),
  deliveredAt: isoTimestamp,
});
/** The carrier changed its estimate on a tracking check; previous null: none was given before. */
export const orderDeliveryEstimateRevisedSchema = z.object({
  orderId: z.string().min(1),
  trackingId: z.string().min(1),
  estimatedDeliveryAt: isoTimestamp,
  previousEstimatedDeliveryAt: isoTimestamp.nullable(),
  revisedAt: isoTimestamp,
});

export type OrderPlaced = Event<'OrderPlaced', z.infer<typeof orderPlacedSchema>>;
export type OrderConfirmed = Event<'OrderConfirmed', z.infer<typeof orderConfirmedSchema>>;
export type OrderRejected = Event<'OrderRejected', z.infer<typeof orderRejectedSchema>>;
export type OrderCancelled = Event<'OrderCancelled', z.infer<typeof orderCancelledSchema>>;
export type OrderShipped = Event<'OrderShipped', z.infer<typeof orderShippedSchema>>;
export type OrderDelivered = Event<'OrderDelivered', z.infer<typeof orderDeliveredSchema>>;
export type OrderDeliveryEstimateRevised = Event<
  'OrderDeliveryEstimateRevised',
  z.infer<typeof orderDeliveryEstimateRevisedSchema>
>;
export type OrderEvent =
  | OrderPlaced
  | OrderConfirmed
  | OrderRejected
  | OrderCancelled
  | OrderShipped
  | OrderDelivered
  | OrderDeliveryEstimateRevised;

export const orderEvents: EventRegistry<OrderEvent> = defineEventRegistry<OrderEvent>(
  z.discriminatedUnion('type', [
    eventSchema('OrderPlaced', orderPlacedSchema),
    eventSchema('OrderConfirmed', orderConfirmedSchema),
    eventSchema('OrderRejected', orderRejectedSchema),
    eventSchema('OrderCancelled', orderCancelledSchema),
    eventSchema('OrderShipped', orderShippedSchema),
    eventSchema('OrderDelivered', orderDeliveredSchema),
    eventSchema('OrderDeliveryEstimateRevised', orderDeliveryEstimateRevisedSchema),
  ]),
  {
    OrderPlaced: {
      schemaVersion: 4,
      upcasters: { 1: upcastOrderPlacedV1, 2: (v2) => v2, 3: (v3) => v3 },
    },
    OrderConfirmed: { schemaVersion: 1 },
    // 2: the reason may be 'fraud_review' (held for review, then rejected); v1's reasons are v2's.
    OrderRejected: { schemaVersion: 2, upcasters: { 1: (v1) => v1 } },
    OrderCancelled: { schemaVersion: 1 },
    // 2: may carry the carrier's estimatedDeliveryAt; a v1 event is a v2 event without one.
    OrderShipped: { schemaVersion: 2, upcasters: { 1: (v1) => v1 } },
    OrderDelivered: { schemaVersion: 1 },
    OrderDeliveryEstimateRevised: { schemaVersion: 1 },
  },
);
