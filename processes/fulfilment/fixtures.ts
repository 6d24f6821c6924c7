// Test support only: the order, its inputs and a driver the saga specifications share.
import type { DomainEvent } from '../../domain/events.ts';
import { fold } from '../../domain/shared/decider.ts';
import { at, by, customer, eur, saga as sagaActor } from '../../domain/shared/fixtures.ts';
import { spec } from '../../domain/shared/spec.ts';
import { deterministicId } from '../../infra/eventstore/ids.ts';
import { isRequest } from './commands.ts';
import type { FulfilmentCommand, SagaInput, SagaInputEvent } from './commands.ts';
import { fulfilmentDecider } from './decide.ts';
import type { CompensationAction, RetryStep } from './events-requests.ts';
import { sagaEvents } from './events.ts';
import type { SagaEvent } from './events.ts';
import type { FulfilmentPolicy } from './policy.ts';
import type { Fulfilment } from './state.ts';

export * from '../../domain/shared/fixtures.ts';

export const orderId = 'ord-1';
export const total = eur(5248);
export const minutes = (n: number): number => n * 60_000;

export const policy: FulfilmentPolicy = {
  reservationTimeoutMs: minutes(10),
  paymentDeclineGraceMs: minutes(1),
  shippingMaxAttempts: 3,
  shippingRetryBaseMs: minutes(1),
  deliveryCheckMs: minutes(5),
  deliveryRecheckMs: minutes(2),
};
export const decider = fulfilmentDecider(policy);
export const saga = spec(decider, sagaEvents);
export const sagaWith = (changes: Partial<FulfilmentPolicy>) =>
  spec(fulfilmentDecider({ ...policy, ...changes }), sagaEvents);

const input = <E extends SagaInputEvent>(id: string, event: E): { id: string; event: E } => ({
  id,
  event,
});
const domain = (id: string, event: DomainEvent & SagaInputEvent): SagaInput => input(id, event);

export const placed = domain('in-placed', {
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
const stock = { reservedAt: at(1), releasedAt: at(1), committedAt: at(1), rejectedAt: at(1) };

export const reserved = (sku: string, id = `in-reserved-${sku}`) =>
  domain(id, {
    type: 'StockReserved',
    data: { sku, orderId, quantity: qty(sku), reservedAt: stock.reservedAt },
  });
export const outOfStock = (sku: string, available = 0) =>
  domain(`in-rejected-${sku}`, {
    type: 'StockReservationRejected',
    data: { sku, orderId, requested: qty(sku), available, rejectedAt: stock.rejectedAt },
  });
export const released = (sku: string, id = `in-released-${sku}`) =>
  domain(id, {
    type: 'StockReleased',
    data: { sku, orderId, quantity: qty(sku), releasedAt: stock.releasedAt },
  });
export const committed = (sku: string) =>
  domain(`in-committed-${sku}`, {
    type: 'StockCommitted',
    data: { sku, orderId, quantity: qty(sku), committedAt: stock.committedAt },
  });

export const authorized = domain('in-authorized', {
  type: 'PaymentAuthorized',
  data: { orderId, amount: total, authorizationId: 'auth-1', authorizedAt: at(2) },
});
export const declined = (id = 'in-declined', reason = 'card_declined') =>
  domain(id, {
    type: 'PaymentDeclined',
    data: { orderId, amount: total, reason, declinedAt: at(2) },
  });
export const captured = domain('in-captured', {
  type: 'PaymentCaptured',
  data: { orderId, amount: total, capturedAt: at(3) },
});
export const voided = domain('in-voided', {
  type: 'AuthorizationVoided',
  data: { orderId, voidedAt: at(3) },
});
export const refunded = (refundId: string, amount = total.amount) =>
  domain(`in-refunded-${refundId}`, {
    type: 'PaymentRefunded',
    data: { orderId, refundId, amount: eur(amount), refundedAt: at(4) },
  });

export const confirmed = domain('in-confirmed', {
  type: 'OrderConfirmed',
  data: { orderId, confirmedAt: at(3) },
});
export const rejected = (
  reason: 'out_of_stock' | 'payment_declined' | 'payment_timeout',
  detail: string,
) =>
  domain('in-order-rejected', {
    type: 'OrderRejected',
    data: { orderId, reason, detail, rejectedAt: at(3) },
  });
export const cancelled = (cancelledBy = customer.id, reason = 'changed my mind') =>
  domain('in-cancelled', {
    type: 'OrderCancelled',
    data: { orderId, reason, cancelledBy, cancelledAt: at(3) },
  });
export const shipped = domain('in-shipped', {
  type: 'OrderShipped',
  data: { orderId, carrier: 'SimPost', trackingId: 'TRK-1', shippedAt: at(4) },
});
export const delivered = domain('in-delivered', {
  type: 'OrderDelivered',
  data: { orderId, deliveredAt: at(9) },
});

export const timerFired = (timerId: string) =>
  input(`in-fired-${timerId}`, { type: 'TimerFired', data: { timerId } });
export const retry = (step: RetryStep, id = `in-retry-${step}`) =>
  input(id, { type: 'RetryRequested', data: { step } });
export const compensation = (action: CompensationAction, id = `in-compensate-${action}`) =>
  input(id, { type: 'CompensationRequested', data: { action } });
export const shipmentFailed = (attempt: number, reason = 'address_unreachable') =>
  input(`in-ship-failed-${attempt}`, { type: 'ShipmentFailed', data: { attempt, reason } });
export const deliveryPending = (check: number) =>
  input(`in-in-transit-${check}`, { type: 'DeliveryPending', data: { check } });

/** The command the saga's runner sends for `input`, at `minute`. */
export const observe = (observed: SagaInput, minute = 0): FulfilmentCommand => ({
  type: 'Observe',
  data: { input: observed },
  metadata: by(sagaActor, minute),
});

/** The id of the command the saga derives from `cause` (see Plan.commandId). */
export const commandOf = (cause: SagaInput, kind: string, ...subject: (string | number)[]) =>
  deterministicId(cause.id, kind, ...subject);

/**
 * The saga's stream after it observed `inputs` in order, input n at minute n. A request (a timer,
 * an operator's retry, a carrier's answer) is first written to the stream, as its writer would.
 */
export const history = (...inputs: readonly SagaInput[]): SagaEvent[] => {
  const events: SagaEvent[] = [];
  let state: Fulfilment = decider.initialState;
  const apply = (event: SagaEvent) => {
    events.push(event);
    state = decider.evolve(state, event);
  };
  inputs.forEach((observed, minute) => {
    if (isRequest(observed.event)) apply(observed.event);
    for (const event of decider.decide(observe(observed, minute), state)) apply(event);
  });
  return events;
};

export const stateAfter = (events: readonly SagaEvent[]): Fulfilment => fold(decider, events);

/** The inputs of an order that went all the way, in the order they arrive. */
export const happyPath: readonly SagaInput[] = [
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
