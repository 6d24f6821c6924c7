import { compensationActions, retrySteps } from './events-records.ts';
import type { CompensationAction, RetryStep } from './events-records.ts';
import type { FulfilmentPolicy } from './policy.ts';
import { allReserved, isOrderClosed } from './queries.ts';
import { isHeldForReview, whyNotCompensate, whyNotRetry, whyNotReview } from './rules.ts';
import type { Fulfilment } from './state.ts';
import { timersOf, type TimerPurpose } from './timers.ts';

/** What an open order waits for, in the terms a customer and an operator share. */
export type WaitingFor =
  | 'stock'
  | 'payment'
  | 'payment_retry'
  | 'review'
  | 'picking'
  | 'shipping_retry'
  | 'shipping_failed'
  | 'delivery'
  | 'compensation';

export type Waiting = {
  readonly for: WaitingFor;
  /** When the wait ends by itself (a timer), ISO 8601; null when it ends only on an answer. */
  readonly until: string | null;
  /** What happens then, if nobody steps in. */
  readonly then: string | null;
  /** Someone should look: a wait that ends badly unless an operator steps in. */
  readonly needsAttention: boolean;
};

const dueOf = (
  purpose: TimerPurpose,
  timers: readonly { purpose: TimerPurpose; dueAt: number }[],
): string | null => {
  const timer = timers.find((candidate) => candidate.purpose === purpose);
  return timer === undefined ? null : new Date(timer.dueAt).toISOString();
};

/**
 * The order's wait, derived like its timers from the saga's state and the policy in force: the
 * deadline shown is the one the running saga will act on.
 */
export const waitingOf = (state: Fulfilment, policy: FulfilmentPolicy): Waiting | null => {
  if (state.stage !== 'running') return null;
  const timers = timersOf(state, policy);
  const wait = (
    what: WaitingFor,
    purpose: TimerPurpose | null,
    then: string | null,
    needsAttention = false,
  ): Waiting => ({
    for: what,
    until: purpose === null ? null : dueOf(purpose, timers),
    then,
    needsAttention,
  });
  const { order, payment, shipping } = state;
  if (isOrderClosed(state) || state.outOfStock !== null) return wait('compensation', null, null);
  switch (order.status) {
    case 'placed':
      if (!allReserved(state)) return wait('stock', null, null);
      if (isHeldForReview(state))
        return wait('review', 'review_timeout', 'rejected: not reviewed in time', true);
      if (payment.status === 'declined')
        return wait('payment_retry', 'payment_decline_grace', 'rejected: payment declined', true);
      return wait('payment', 'reservation_timeout', 'rejected: no payment in time');
    case 'confirmed':
      if (payment.status === 'authorized')
        return wait('picking', 'warehouse_handover', 'handed to the carrier');
      if (shipping.lastFailure !== null && shipping.retryAsked === null) {
        return shipping.failures >= policy.shippingMaxAttempts
          ? wait('shipping_failed', null, 'cancelled and refunded', true)
          : wait('shipping_retry', 'shipping_retry', 'shipping tried again', true);
      }
      return wait('picking', null, null);
    case 'shipped':
      return wait('delivery', null, null);
    case 'delivered':
      return null;
    default:
      return null;
  }
};

/** What an operator may ask for now: only these are offered, each refused otherwise anyway. */
export const allowedRequests = (
  state: Fulfilment,
): { retry: RetryStep[]; compensate: CompensationAction[]; review: boolean } => {
  if (state.stage === 'unstarted') return { retry: [], compensate: [], review: false };
  return {
    review: whyNotReview(state) === undefined,
    retry: retrySteps.filter((step) => whyNotRetry(state, step) === undefined),
    compensate: compensationActions.filter(
      (action) => whyNotCompensate(state, action) === undefined,
    ),
  };
};
