// Test support only: one order's inputs, and given/when/then on the workflow.
import { expect } from 'vitest';
import type { DomainEvent } from '../../../domain/events.ts';
import { at, customer, eur } from '../../../domain/shared/fixtures.ts';
import { deterministicId } from '../../../infra/eventstore/ids.ts';
import type { FulfilmentCommand } from '../commands.ts';
import { decide } from '../decide.ts';
import type { CompensationAction, RetryStep } from '../events-records.ts';
import { evolve } from '../evolve.ts';
import type { FulfilmentInput, WorkflowEvent } from '../inputs.ts';
import type { FulfilmentPolicy } from '../policy.ts';
import { initialState } from '../state.ts';
import type { Fulfilment } from '../state.ts';

export { at, customer, eur } from '../../../domain/shared/fixtures.ts';

export const orderId = 'ord-1';
export const total = eur(5248);
export const minutes = (n: number): number => n * 60_000;

export const policy: FulfilmentPolicy = {
  reservationTimeoutMs: minutes(10),
  paymentDeclineGraceMs: minutes(1),
  shippingMaxAttempts: 3,
  shippingRetryBaseMs: minutes(1),
  warehouseMs: 0,
  deliveryCheckMs: minutes(5),
  deliveryRecheckMs: minutes(2),
  riskScoring: false,
  reviewThreshold: 101,
  reviewTimeoutMs: minutes(60),
};

/** The same policy with fraud scoring on, holding orders that score 70 or more. */
export const reviewPolicy: FulfilmentPolicy = {
  ...policy,
  riskScoring: true,
  reviewThreshold: 70,
};

type EventInput = Extract<FulfilmentInput, { kind: 'event' }>;

/** An event as the workflow receives it, at minute `minute`. */
const input = (id: string, minute: number, event: WorkflowEvent): EventInput => ({
  kind: 'event',
  id,
  at: at(minute),
  event,
});
const domain = (id: string, minute: number, event: DomainEvent & WorkflowEvent) =>
  input(id, minute, event);

export const placed = domain('in-placed', 0, {
  type: 'OrderPlaced',
  data: {
    orderId,
    customerId: customer.id,
    lines: [
      { sku: 'SKU-1', name: 'Beans', quantity: 2, unitPrice: eur(1999), lineTotal: eur(3998) },
      { sku: 'SKU-2', name: 'Mug', quantity: 1, unitPrice: eur(1250), lineTotal: eur(1250) },
    ],
    total,
    placedAt: at(0),
  },
});
const quantities: Record<string, number> = { 'SKU-1': 2, 'SKU-2': 1 };
const qty = (sku: string): number => quantities[sku] ?? 1;

export const reserved = (sku: string, minute = 1, id = `in-reserved-${sku}`) =>
  domain(id, minute, {
    type: 'StockReserved',
    data: { sku, orderId, quantity: qty(sku), reservedAt: at(minute) },
  });
export const outOfStock = (sku: string, available = 0) =>
  domain(`in-rejected-${sku}`, 1, {
    type: 'StockReservationRejected',
    data: { sku, orderId, requested: qty(sku), available, rejectedAt: at(1) },
  });
export const released = (sku: string, minute = 5, id = `in-released-${sku}`) =>
  domain(id, minute, {
    type: 'StockReleased',
    data: { sku, orderId, quantity: qty(sku), releasedAt: at(minute) },
  });
export const committed = (sku: string) =>
  domain(`in-committed-${sku}`, 5, {
    type: 'StockCommitted',
    data: { sku, orderId, quantity: qty(sku), committedAt: at(5) },
  });
export const authorized = domain('in-authorized', 2, {
  type: 'PaymentAuthorized',
  data: { orderId, amount: total, authorizationId: 'auth-1', authorizedAt: at(2) },
});
export const declined = (id = 'in-declined', reason = 'card_declined', minute = 2) =>
  domain(id, minute, {
    type: 'PaymentDeclined',
    data: { orderId, amount: total, reason, declinedAt: at(minute) },
  });
export const captured = domain('in-captured', 3, {
  type: 'PaymentCaptured',
  data: { orderId, amount: total, capturedAt: at(3) },
});
export const voided = domain('in-voided', 4, {
  type: 'AuthorizationVoided',
  data: { orderId, voidedAt: at(4) },
});
export const refunded = (refundId: string, amount = total.amount) =>
  domain(`in-refunded-${refundId}`, 6, {
    type: 'PaymentRefunded',
    data: { orderId, refundId, amount: eur(amount), refundedAt: at(6) },
  });
export const confirmed = domain('in-confirmed', 3, {
  type: 'OrderConfirmed',
  data: { orderId, confirmedAt: at(3) },
});
export const rejected = (
  reason: 'out_of_stock' | 'payment_declined' | 'payment_timeout' | 'fraud_review',
  detail: string,
  minute = 4,
) =>
  domain('in-order-rejected', minute, {
    type: 'OrderRejected',
    data: { orderId, reason, detail, rejectedAt: at(minute) },
  });
export const cancelled = (minute = 4) =>
  domain('in-cancelled', minute, {
    type: 'OrderCancelled',
    data: { orderId, reason: 'changed my mind', cancelledBy: customer.id, cancelledAt: at(minute) },
  });
export const shipped = domain('in-shipped', 4, {
  type: 'OrderShipped',
  data: { orderId, carrier: 'SimPost', trackingId: 'TRK-1', shippedAt: at(4) },
});
export const delivered = domain('in-delivered', 9, {
  type: 'OrderDelivered',
  data: { orderId, deliveredAt: at(9) },
});

export const retry = (step: RetryStep, minute = 30, id = `in-retry-${step}`) =>
  input(id, minute, { type: 'RetryRequested', data: { step } });
export const compensation = (action: CompensationAction, minute = 30) =>
  input(`in-compensate-${action}`, minute, { type: 'CompensationRequested', data: { action } });
export const shipmentFailed = (attempt: number, minute = 4, reason = 'address_unreachable') =>
  input(`in-ship-failed-${attempt}`, minute, {
    type: 'ShipmentFailed',
    data: { attempt, reason },
  });
export const riskScored = (score: number, held: boolean, minute = 1) =>
  input(`in-risk-${String(score)}`, minute, {
    type: 'RiskScored',
    data: {
      score,
      modelVersion: 'rules-v1',
      factors: [{ feature: 'ordersLastHour', label: '6 orders in the last hour', contribution: 2 }],
      threshold: 70,
      held,
    },
  });
export const reviewed = (decision: 'approved' | 'rejected', minute = 30, id = `in-${decision}`) =>
  input(id, minute, { type: 'RiskReviewed', data: { decision, reason: 'checked with the bank' } });
export const completed = (outcome: 'delivered' | 'cancelled' | 'rejected') =>
  input(`in-completed`, 20, { type: 'FulfilmentCompleted', data: { outcome } });

/** The scheduler's input at minute `minute` (or `ms` past it). */
export const clock = (minute: number, ms = 0): FulfilmentInput => ({
  kind: 'clock',
  at: new Date(Date.parse(at(minute)) + ms).toISOString(),
});
export const inTransit = (minute: number): FulfilmentInput => ({
  kind: 'in_transit',
  at: at(minute),
});

/** The inputs of an order that went all the way, in the order they arrive. */
export const happyPath: readonly FulfilmentInput[] = [
  placed,
  reserved('SKU-1'),
  reserved('SKU-2'),
  authorized,
  confirmed,
  captured,
  shipped,
  committed('SKU-1'),
  committed('SKU-2'),
  delivered,
];

type Sent<T extends FulfilmentCommand['type']> = Omit<
  Extract<FulfilmentCommand, { type: T }>,
  'type' | 'commandId' | 'causationId'
>;

/** The command the workflow sends, caused by `cause` (its id derived from it and `subject`). */
export const sends = <T extends FulfilmentCommand['type']>(
  type: T,
  cause: { id: string },
  body: Sent<T>,
  ...subject: readonly (string | number)[]
): FulfilmentCommand =>
  ({
    type,
    commandId: deterministicId(cause.id, type, ...subject),
    causationId: cause.id,
    ...body,
  }) as FulfilmentCommand;

export const stateAfter = (inputs: readonly FulfilmentInput[]): Fulfilment =>
  inputs.reduce(evolve, initialState);

/**
 * `workflow().given(...inputs).when(input).thenSends(commands)`: the inputs folded in order, then
 * the input folded and decided on.
 */
export const workflow = (changes: Partial<FulfilmentPolicy> = {}) => ({
  given: (...inputs: readonly FulfilmentInput[]) => ({
    when: (next: FulfilmentInput) => {
      const state = evolve(stateAfter(inputs), next);
      const sent = decide(next, state, { ...policy, ...changes });
      return {
        state,
        sent,
        thenSends: (expected: readonly FulfilmentCommand[]): void => {
          expect(sent).toEqual(expected);
        },
        thenNothing: (): void => {
          expect(sent).toEqual([]);
        },
      };
    },
  }),
});
