import { unreachable } from '../../domain/shared/decider.ts';
import { command } from './commands.ts';
import type { FulfilmentCommand } from './commands.ts';
import type { FulfilmentPolicy } from './policy.ts';
import { allReserved, isShippingHopeless } from './queries.ts';
import { isHeldForReview } from './rules.ts';
import type { Fact, Started, StartedFulfilment } from './state.ts';

export type TimerPurpose =
  | 'reservation_timeout'
  | 'payment_decline_grace'
  | 'warehouse_handover'
  | 'review_timeout'
  | 'shipping_retry'
  | 'delivery_check';

/** A timer the state implies: due at `dueAt` (ms since the epoch), started by `cause`. */
export type Timer = {
  readonly purpose: TimerPurpose;
  readonly dueAt: number;
  readonly cause: Fact;
};

const after = (fact: Fact, ms: number): number => Date.parse(fact.at) + ms;

// No timer is stored: each is derived from the facts that start it, so a restart finds them all
// again in the log. A reservation times out a fixed time after the last StockReserved unless the
// payment was authorized; a declined payment is given its grace from PaymentDeclined; a refused
// shipment is retried counted from ShipmentFailed; delivery is checked counted from OrderShipped.
// The warehouse hands the parcel over a fixed time after OrderConfirmed, when the payment is
// captured; an order cancelled meanwhile is no longer confirmed, so its hand-over is gone.
export const timersOf = (state: StartedFulfilment, policy: FulfilmentPolicy): Timer[] => {
  if (state.stage === 'completed') return [];
  const { order, payment, shipping } = state;
  const timers: Timer[] = [];
  if (order.status === 'placed' && state.outOfStock === null) {
    const paid = payment.status === 'authorized' || payment.status === 'captured';
    if (!paid && state.lastReserved !== null) {
      const { lastReserved: cause } = state;
      timers.push({
        purpose: 'reservation_timeout',
        dueAt: after(cause, policy.reservationTimeoutMs),
        cause,
      });
    }
    if (payment.status === 'declined' && payment.since !== null) {
      const { since: cause } = payment;
      timers.push({
        purpose: 'payment_decline_grace',
        dueAt: after(cause, policy.paymentDeclineGraceMs),
        cause,
      });
    }
  }
  if (isHeldForReview(state) && state.risk !== null) {
    const { scored: cause } = state.risk;
    timers.push({ purpose: 'review_timeout', dueAt: after(cause, policy.reviewTimeoutMs), cause });
  }
  if (order.status === 'confirmed' && payment.status === 'authorized') {
    const { since: cause } = order;
    timers.push({ purpose: 'warehouse_handover', dueAt: after(cause, policy.warehouseMs), cause });
  }
  const { failures, lastFailure, retryAsked } = shipping;
  if (
    order.status === 'confirmed' &&
    payment.status === 'captured' &&
    allReserved(state) &&
    lastFailure !== null &&
    retryAsked === null &&
    failures < policy.shippingMaxAttempts &&
    !isShippingHopeless(state)
  ) {
    const wait = policy.shippingRetryBaseMs * 2 ** (failures - 1);
    timers.push({ purpose: 'shipping_retry', dueAt: after(lastFailure, wait), cause: lastFailure });
  }
  if (order.status === 'shipped' && order.shipment !== null) {
    const { shipped } = order.shipment;
    const dueAt =
      shipping.inTransitAt === null
        ? after(shipped, policy.deliveryCheckMs)
        : Date.parse(shipping.inTransitAt) + policy.deliveryRecheckMs;
    timers.push({ purpose: 'delivery_check', dueAt, cause: shipped });
  }
  return timers;
};

/** When the next timer is due, if any. */
export const nextDue = (state: StartedFulfilment, policy: FulfilmentPolicy): number | undefined => {
  const dues = timersOf(state, policy).map((timer) => timer.dueAt);
  return dues.length === 0 ? undefined : Math.min(...dues);
};

/** What a timer, once due, asks for. */
export const onTimer = (
  state: Started,
  timer: Timer,
  policy: FulfilmentPolicy,
): FulfilmentCommand[] => {
  const { cause } = timer;
  switch (timer.purpose) {
    case 'reservation_timeout': {
      const detail = `no authorized payment within ${policy.reservationTimeoutMs} ms`;
      return [command('RejectOrder', cause, { reason: 'payment_timeout', detail })];
    }
    case 'payment_decline_grace': {
      const detail = state.payment.declineReason ?? 'declined';
      return [command('RejectOrder', cause, { reason: 'payment_declined', detail })];
    }
    case 'warehouse_handover':
      return [command('CapturePayment', cause, {})];
    case 'review_timeout': {
      const detail = `no review within ${String(policy.reviewTimeoutMs)} ms`;
      return [command('RejectOrder', cause, { reason: 'fraud_review', detail })];
    }
    case 'shipping_retry': {
      const attempt = state.shipping.failures + 1;
      return [command('Ship', cause, { attempt }, attempt)];
    }
    case 'delivery_check': {
      const trackingId = state.order.shipment?.trackingId;
      if (trackingId === undefined) return [];
      return [command('TrackShipment', cause, { trackingId }, timer.dueAt)];
    }
    default:
      return unreachable(timer.purpose);
  }
};
