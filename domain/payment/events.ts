import { z } from 'zod';
import { defineEventRegistry, eventSchema, isoTimestamp } from '../shared/event.ts';
import type { Event, EventRegistry } from '../shared/event.ts';
import { moneySchema } from '../shared/money.ts';

const orderId = z.string().min(1);

export const paymentAuthorizedSchema = z.object({
  orderId,
  amount: moneySchema,
  authorizationId: z.string().min(1),
  authorizedAt: isoTimestamp,
});
export const paymentDeclinedSchema = z.object({
  orderId,
  amount: moneySchema,
  reason: z.string().min(1),
  declinedAt: isoTimestamp,
});
export const paymentCapturedSchema = z.object({
  orderId,
  amount: moneySchema,
  capturedAt: isoTimestamp,
});
export const authorizationVoidedSchema = z.object({ orderId, voidedAt: isoTimestamp });
export const paymentRefundedSchema = z.object({
  orderId,
  /** The caller's key for this refund, so a redelivered command refunds once. */
  refundId: z.string().min(1),
  amount: moneySchema,
  refundedAt: isoTimestamp,
});

export type PaymentAuthorized = Event<'PaymentAuthorized', z.infer<typeof paymentAuthorizedSchema>>;
export type PaymentDeclined = Event<'PaymentDeclined', z.infer<typeof paymentDeclinedSchema>>;
export type PaymentCaptured = Event<'PaymentCaptured', z.infer<typeof paymentCapturedSchema>>;
export type AuthorizationVoided = Event<
  'AuthorizationVoided',
  z.infer<typeof authorizationVoidedSchema>
>;
export type PaymentRefunded = Event<'PaymentRefunded', z.infer<typeof paymentRefundedSchema>>;
export type PaymentEvent =
  PaymentAuthorized | PaymentDeclined | PaymentCaptured | AuthorizationVoided | PaymentRefunded;

export const paymentEvents: EventRegistry<PaymentEvent> = defineEventRegistry<PaymentEvent>(
  z.discriminatedUnion('type', [
    eventSchema('PaymentAuthorized', paymentAuthorizedSchema),
    eventSchema('PaymentDeclined', paymentDeclinedSchema),
    eventSchema('PaymentCaptured', paymentCapturedSchema),
    eventSchema('AuthorizationVoided', authorizationVoidedSchema),
    eventSchema('PaymentRefunded', paymentRefundedSchema),
  ]),
  {
    PaymentAuthorized: { schemaVersion: 1 },
    PaymentDeclined: { schemaVersion: 1 },
    PaymentCaptured: { schemaVersion: 1 },
    AuthorizationVoided: { schemaVersion: 1 },
    PaymentRefunded: { schemaVersion: 1 },
  },
);
