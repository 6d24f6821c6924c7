// Test support only: the history the payment specifications share.
import { at, eur } from '../shared/fixtures.ts';
import type { PaymentEvent } from './events.ts';

export * from '../shared/fixtures.ts';

export const orderId = 'ord-1';
export const total = eur(5248);

export const authorized: PaymentEvent = {
  type: 'PaymentAuthorized',
  data: { orderId, amount: total, authorizationId: 'auth-1', authorizedAt: at(1) },
};
export const declined: PaymentEvent = {
  type: 'PaymentDeclined',
  data: { orderId, amount: total, reason: 'insufficient_funds', declinedAt: at(1) },
};
export const captured: PaymentEvent = {
  type: 'PaymentCaptured',
  data: { orderId, amount: total, capturedAt: at(2) },
};
export const voided: PaymentEvent = {
  type: 'AuthorizationVoided',
  data: { orderId, voidedAt: at(2) },
};
export const refunded = (refundId: string, amount: number): PaymentEvent => ({
  type: 'PaymentRefunded',
  data: { orderId, refundId, amount: eur(amount), refundedAt: at(3) },
});

export const histories = {
  none: [],
  declined: [declined],
  authorized: [authorized],
  captured: [authorized, captured],
  voided: [authorized, voided],
} satisfies Record<string, PaymentEvent[]>;
