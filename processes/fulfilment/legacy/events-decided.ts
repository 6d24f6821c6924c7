import { z } from 'zod';
import { rejectReasonSchema } from '../../../domain/order/events.ts';
import { eventSchema, isoTimestamp } from '../../../domain/shared/event.ts';
import type { Event } from '../../../domain/shared/event.ts';
import { moneySchema } from '../../../domain/shared/money.ts';

// v1 (read only): what the saga decided, each decision an event that another file turned into a
// command, and its timers. The workflow reads them and ignores them: its decisions are commands
// now, and its timers are derived from the domain events.

const commandId = z.string().min(1);
const sku = z.string().min(1);
const attempt = z.number().int().positive();

export const timerPurposes = [
  'reservation_timeout',
  'payment_decline_grace',
  'shipping_retry',
  'delivery_check',
] as const;
export const timerPurposeSchema = z.enum(timerPurposes);
export type TimerPurpose = z.infer<typeof timerPurposeSchema>;

export const stockReservationRequestedSchema = z.object({
  sku,
  quantity: z.number().int().positive(),
  commandId,
});
export const stockReleaseRequestedSchema = z.object({ sku, commandId });
export const stockCommitRequestedSchema = z.object({ sku, commandId });
export const paymentAuthorizationRequestedSchema = z.object({
  amount: moneySchema,
  attempt,
  commandId,
});
export const paymentCaptureRequestedSchema = z.object({ amount: moneySchema, commandId });
export const voidRequestedSchema = z.object({ commandId });
/** `refundId` is the payment's key for this refund, so it is refunded once however often sent. */
export const refundRequestedSchema = z.object({
  refundId: z.string().min(1),
  amount: moneySchema,
  commandId,
});
export const orderConfirmationRequestedSchema = z.object({ commandId });
export const orderRejectionRequestedSchema = z.object({
  reason: rejectReasonSchema,
  detail: z.string().min(1),
  commandId,
});
export const cancellationRequestedSchema = z.object({ reason: z.string().min(1), commandId });
export const shipmentRequestedSchema = z.object({ attempt, commandId });
export const deliveryCheckRequestedSchema = z.object({
  trackingId: z.string().min(1),
  check: attempt,
  commandId,
});
/** `timerId` is unique within the saga's stream; `attempt` numbers timers of one purpose. */
export const timerScheduledSchema = z.object({
  timerId: z.string().min(1),
  purpose: timerPurposeSchema,
  attempt,
  fireAt: isoTimestamp,
});
export const timerCancelledSchema = z.object({ timerId: z.string().min(1) });

export type StockReservationRequested = Event<
  'StockReservationRequested',
  z.infer<typeof stockReservationRequestedSchema>
>;
export type StockReleaseRequested = Event<
  'StockReleaseRequested',
  z.infer<typeof stockReleaseRequestedSchema>
>;
export type StockCommitRequested = Event<
  'StockCommitRequested',
  z.infer<typeof stockCommitRequestedSchema>
>;
export type PaymentAuthorizationRequested = Event<
  'PaymentAuthorizationRequested',
  z.infer<typeof paymentAuthorizationRequestedSchema>
>;
export type PaymentCaptureRequested = Event<
  'PaymentCaptureRequested',
  z.infer<typeof paymentCaptureRequestedSchema>
>;
export type VoidRequested = Event<'VoidRequested', z.infer<typeof voidRequestedSchema>>;
export type RefundRequested = Event<'RefundRequested', z.infer<typeof refundRequestedSchema>>;
export type OrderConfirmationRequested = Event<
  'OrderConfirmationRequested',
  z.infer<typeof orderConfirmationRequestedSchema>
>;
export type OrderRejectionRequested = Event<
  'OrderRejectionRequested',
  z.infer<typeof orderRejectionRequestedSchema>
>;
export type CancellationRequested = Event<
  'CancellationRequested',
  z.infer<typeof cancellationRequestedSchema>
>;
export type ShipmentRequested = Event<'ShipmentRequested', z.infer<typeof shipmentRequestedSchema>>;
export type DeliveryCheckRequested = Event<
  'DeliveryCheckRequested',
  z.infer<typeof deliveryCheckRequestedSchema>
>;
export type TimerScheduled = Event<'TimerScheduled', z.infer<typeof timerScheduledSchema>>;
export type TimerCancelled = Event<'TimerCancelled', z.infer<typeof timerCancelledSchema>>;

/** Decisions the dispatcher turns into commands. */
export type CommandDecision =
  | StockReservationRequested
  | StockReleaseRequested
  | StockCommitRequested
  | PaymentAuthorizationRequested
  | PaymentCaptureRequested
  | VoidRequested
  | RefundRequested
  | OrderConfirmationRequested
  | OrderRejectionRequested
  | CancellationRequested
  | ShipmentRequested
  | DeliveryCheckRequested;

export type Decision = CommandDecision | TimerScheduled | TimerCancelled;

export const decisionSchemas = [
  eventSchema('StockReservationRequested', stockReservationRequestedSchema),
  eventSchema('StockReleaseRequested', stockReleaseRequestedSchema),
  eventSchema('StockCommitRequested', stockCommitRequestedSchema),
  eventSchema('PaymentAuthorizationRequested', paymentAuthorizationRequestedSchema),
  eventSchema('PaymentCaptureRequested', paymentCaptureRequestedSchema),
  eventSchema('VoidRequested', voidRequestedSchema),
  eventSchema('RefundRequested', refundRequestedSchema),
  eventSchema('OrderConfirmationRequested', orderConfirmationRequestedSchema),
  eventSchema('OrderRejectionRequested', orderRejectionRequestedSchema),
  eventSchema('CancellationRequested', cancellationRequestedSchema),
  eventSchema('ShipmentRequested', shipmentRequestedSchema),
  eventSchema('DeliveryCheckRequested', deliveryCheckRequestedSchema),
  eventSchema('TimerScheduled', timerScheduledSchema),
  eventSchema('TimerCancelled', timerCancelledSchema),
] as const;

const commandDecisionTypes: readonly string[] = [
  'StockReservationRequested',
  'StockReleaseRequested',
  'StockCommitRequested',
  'PaymentAuthorizationRequested',
  'PaymentCaptureRequested',
  'VoidRequested',
  'RefundRequested',
  'OrderConfirmationRequested',
  'OrderRejectionRequested',
  'CancellationRequested',
  'ShipmentRequested',
  'DeliveryCheckRequested',
] satisfies readonly CommandDecision['type'][];

/** A decision the dispatcher turns into a command (the rest stay in the saga's stream). */
export const isCommandDecision = (event: { type: string }): event is CommandDecision =>
  commandDecisionTypes.includes(event.type);
