import { z } from 'zod';
import type { Command } from '../shared/command.ts';
import { moneySchema } from '../shared/money.ts';
import { isoTimestamp } from '../shared/event.ts';
import { plainText } from '../shared/text.ts';
import { rejectReasonSchema } from './events.ts';
import { serviceLevelSchema, shipToSchema } from './ship-to.ts';

// Structure only; business limits (line count, quantities, duplicates) are decided in decide.ts,
// so every caller gets the same typed refusal.
export const placeOrderDataSchema = z.object({
  orderId: z.string().min(1),
  customerId: z.string().min(1),
  lines: z.array(
    z.object({
      sku: z.string().min(1),
      name: z.string().min(1),
      quantity: z.number(),
      unitPrice: moneySchema,
      category: z.string().min(1).optional(),
    }),
  ),
  /** Copied from the customer's address book by the caller, still sealed. */
  shipTo: shipToSchema.optional(),
  serviceLevel: serviceLevelSchema.optional(),
});
export const confirmOrderDataSchema = z.object({ orderId: z.string().min(1) });
export const rejectOrderDataSchema = z.object({
  orderId: z.string().min(1),
  reason: rejectReasonSchema,
  detail: z.string().optional(),
});
export const cancelOrderDataSchema = z.object({
  orderId: z.string().min(1),
  reason: plainText(500),
});
export const markShippedDataSchema = z.object({
  orderId: z.string().min(1),
  carrier: z.string().min(1),
  trackingId: z.string().min(1),
  estimatedDeliveryAt: isoTimestamp.optional(),
});
export const markDeliveredDataSchema = z.object({ orderId: z.string().min(1) });
export const reviseDeliveryEstimateDataSchema = z.object({
  orderId: z.string().min(1),
  trackingId: z.string().min(1),
  estimatedDeliveryAt: isoTimestamp,
});

export type PlaceOrder = Command<'PlaceOrder', z.infer<typeof placeOrderDataSchema>>;
export type ConfirmOrder = Command<'ConfirmOrder', z.infer<typeof confirmOrderDataSchema>>;
export type RejectOrder = Command<'RejectOrder', z.infer<typeof rejectOrderDataSchema>>;
export type CancelOrder = Command<'CancelOrder', z.infer<typeof cancelOrderDataSchema>>;
export type MarkShipped = Command<'MarkShipped', z.infer<typeof markShippedDataSchema>>;
export type MarkDelivered = Command<'MarkDelivered', z.infer<typeof markDeliveredDataSchema>>;
export type ReviseDeliveryEstimate = Command<
  'ReviseDeliveryEstimate',
  z.infer<typeof reviseDeliveryEstimateDataSchema>
>;
export type OrderCommand =
  | PlaceOrder
  | ConfirmOrder
  | RejectOrder
  | CancelOrder
  | MarkShipped
  | MarkDelivered
  | ReviseDeliveryEstimate;
