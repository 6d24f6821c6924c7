import type { Money } from '../shared/money.ts';

// The payment provider PORT: types only. Adapters live outside domain/. Every call carries an
// idempotency key, so a retried call after a timeout cannot charge twice.

/** `payer`: who pays (the order's customer), as a card network would know the card holder. */
export type AuthorizeRequest = {
  orderId: string;
  payer: string;
  amount: Money;
  idempotencyKey: string;
};
export type AuthorizationAnswer =
  { outcome: 'authorized'; authorizationId: string } | { outcome: 'declined'; reason: string };

export type CaptureRequest = {
  orderId: string;
  authorizationId: string;
  amount: Money;
  idempotencyKey: string;
};
export type CaptureAnswer = { outcome: 'captured' };

export type VoidRequest = { orderId: string; authorizationId: string; idempotencyKey: string };
export type VoidAnswer = { outcome: 'voided' };

/** `authorizationId`: the captured authorization the money goes back from. */
export type RefundRequest = {
  orderId: string;
  authorizationId: string;
  amount: Money;
  idempotencyKey: string;
};
export type RefundAnswer = { outcome: 'refunded' };

/** Transport failures reject the promise (retry with the same key); a decline is an answer. */
export interface PaymentProvider {
  authorize(request: AuthorizeRequest): Promise<AuthorizationAnswer>;
  capture(request: CaptureRequest): Promise<CaptureAnswer>;
  void(request: VoidRequest): Promise<VoidAnswer>;
  refund(request: RefundRequest): Promise<RefundAnswer>;
}
