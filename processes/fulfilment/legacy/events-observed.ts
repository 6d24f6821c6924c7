import { z } from 'zod';
import { eventSchema } from '../../../domain/shared/event.ts';
import type { Event } from '../../../domain/shared/event.ts';
import { moneySchema } from '../../../domain/shared/money.ts';

// v1 (read only): what the saga saw, one event per input it observed, under names of its own. The
// workflow reads them and ignores them: the aggregates recorded the same facts.

const inputId = z.string().min(1);
const sku = z.string().min(1);
const quantity = z.number().int().positive();

export const fulfilmentStartedSchema = z.object({
  orderId: z.string().min(1),
  customerId: z.string().min(1),
  lines: z.array(z.object({ sku, quantity })).min(1),
  amount: moneySchema,
  inputId,
});
export const stockReservationConfirmedSchema = z.object({ sku, quantity, inputId });
export const stockReservationFailedSchema = z.object({
  sku,
  requested: quantity,
  available: z.number().int().nonnegative(),
  inputId,
});
export const stockReleaseConfirmedSchema = z.object({ sku, quantity, inputId });
export const stockCommitConfirmedSchema = z.object({ sku, quantity, inputId });
export const paymentAuthorizationConfirmedSchema = z.object({
  authorizationId: z.string().min(1),
  amount: moneySchema,
  inputId,
});
export const paymentAuthorizationDeclinedSchema = z.object({ reason: z.string().min(1), inputId });
export const paymentCaptureConfirmedSchema = z.object({ amount: moneySchema, inputId });
export const paymentVoidConfirmedSchema = z.object({ inputId });
export const paymentRefundConfirmedSchema = z.object({
  refundId: z.string().min(1),
  amount: moneySchema,
  inputId,
});
export const observedOrderStatuses = [
  'confirmed',
  'rejected',
  'cancelled',
  'shipped',
  'delivered',
] as const;
export const orderStatusObservedSchema = z.object({
  status: z.enum(observedOrderStatuses),
  /** Why a rejected or cancelled order was closed. */
  reason: z.string().nullable(),
  shipment: z.object({ carrier: z.string().min(1), trackingId: z.string().min(1) }).nullable(),
  inputId,
});

export type FulfilmentStarted = Event<'FulfilmentStarted', z.infer<typeof fulfilmentStartedSchema>>;
export type StockReservationConfirmed = Event<
  'StockReservationConfirmed',
  z.infer<typeof stockReservationConfirmedSchema>
>;
export type StockReservationFailed = Event<
  'StockReservationFailed',
  z.infer<typeof stockReservationFailedSchema>
>;
export type StockReleaseConfirmed = Event<
  'StockReleaseConfirmed',
  z.infer<typeof stockReleaseConfirmedSchema>
>;
export type StockCommitConfirmed = Event<
  'StockCommitConfirmed',
  z.infer<typeof stockCommitConfirmedSchema>
>;
export type PaymentAuthorizationConfirmed = Event<
  'PaymentAuthorizationConfirmed',
  z.infer<typeof paymentAuthorizationConfirmedSchema>
>;
export type PaymentAuthorizationDeclined = Event<
  'PaymentAuthorizationDeclined',
  z.infer<typeof paymentAuthorizationDeclinedSchema>
>;
export type PaymentCaptureConfirmed = Event<
  'PaymentCaptureConfirmed',
  z.infer<typeof paymentCaptureConfirmedSchema>
>;
export type PaymentVoidConfirmed = Event<
  'PaymentVoidConfirmed',
  z.infer<typeof paymentVoidConfirmedSchema>
>;
export type PaymentRefundConfirmed = Event<
  'PaymentRefundConfirmed',
  z.infer<typeof paymentRefundConfirmedSchema>
>;
export type OrderStatusObserved = Event<
  'OrderStatusObserved',
  z.infer<typeof orderStatusObservedSchema>
>;

export type Observation =
  | FulfilmentStarted
  | StockReservationConfirmed
  | StockReservationFailed
  | StockReleaseConfirmed
  | StockCommitConfirmed
  | PaymentAuthorizationConfirmed
  | PaymentAuthorizationDeclined
  | PaymentCaptureConfirmed
  | PaymentVoidConfirmed
  | PaymentRefundConfirmed
  | OrderStatusObserved;

export const observationSchemas = [
  eventSchema('FulfilmentStarted', fulfilmentStartedSchema),
  eventSchema('StockReservationConfirmed', stockReservationConfirmedSchema),
  eventSchema('StockReservationFailed', stockReservationFailedSchema),
  eventSchema('StockReleaseConfirmed', stockReleaseConfirmedSchema),
  eventSchema('StockCommitConfirmed', stockCommitConfirmedSchema),
  eventSchema('PaymentAuthorizationConfirmed', paymentAuthorizationConfirmedSchema),
  eventSchema('PaymentAuthorizationDeclined', paymentAuthorizationDeclinedSchema),
  eventSchema('PaymentCaptureConfirmed', paymentCaptureConfirmedSchema),
  eventSchema('PaymentVoidConfirmed', paymentVoidConfirmedSchema),
  eventSchema('PaymentRefundConfirmed', paymentRefundConfirmedSchema),
  eventSchema('OrderStatusObserved', orderStatusObservedSchema),
] as const;
