import { unreachable } from '../../domain/shared/decider.ts';
import type { CompensationAction, RetryStep } from './events-records.ts';
import { allReserved, heldLines, isOrderClosed, isOrderOpen } from './queries.ts';
import type { SagaLine, Started, StartedFulfilment } from './state.ts';

// What an operator may ask for, checked twice: when the request is made (a refusal is a 409) and
// again when the workflow folds it, since the saga may have moved on in between.

/** Lines whose reservation went unanswered, or that an operator released from an open order. */
export const linesToReserveAgain = (state: Started): SagaLine[] =>
  isOrderOpen(state)
    ? state.lines.filter((line) => line.stock === 'pending' || line.stock === 'released')
    : [];

export const refundableRemainder = ({ payment }: Started): number =>
  payment.status === 'captured' ? Math.max(0, payment.captured - payment.refunded) : 0;

const isCompleted = (state: Started): state is StartedFulfilment & { stage: 'completed' } =>
  'stage' in state && state.stage === 'completed';

const closedWhy = (state: Started): string | undefined => {
  if (isCompleted(state)) return `the fulfilment is complete (${state.outcome})`;
  if (isOrderClosed(state)) return `the order is ${state.order.status}`;
  if (state.outOfStock !== null) return 'the saga is closing the order (reject)';
  return undefined;
};

const retryPaymentWhy = (state: Started): string | undefined => {
  const { status } = state.payment;
  if (!allReserved(state)) return 'the stock is not all reserved';
  if (status !== 'declined' && status !== 'none' && status !== 'retrying')
    return `the payment is ${status}`;
  return undefined;
};

const retryShippingWhy = (state: Started): string | undefined => {
  if (state.order.status !== 'confirmed') return `the order is ${state.order.status}`;
  if (state.payment.status !== 'captured') return 'the payment is not captured';
  return undefined;
};

/** Why a retry of `step` is not allowed now; undefined when it is. */
export const whyNotRetry = (state: Started, step: RetryStep): string | undefined => {
  switch (step) {
    case 'inventory':
      return (
        closedWhy(state) ??
        (linesToReserveAgain(state).length === 0 ? 'every line is reserved' : undefined)
      );
    case 'payment':
      return closedWhy(state) ?? retryPaymentWhy(state);
    case 'shipping':
      // The cancel the saga asks for after the last attempt does not stop an operator while the
      // order is still confirmed: the operator knows something the carrier did not.
      return isCompleted(state) ? closedWhy(state) : retryShippingWhy(state);
    default:
      return unreachable(step);
  }
};

/** Why compensation `action` is not allowed now; undefined when it is. */
export const whyNotCompensate = (
  state: Started,
  action: CompensationAction,
): string | undefined => {
  switch (action) {
    case 'releaseStock':
      if (state.order.status === 'shipped' || state.order.status === 'delivered') {
        return `the order is ${state.order.status}`;
      }
      return heldLines(state).length === 0 ? 'the saga holds no reservation' : undefined;
    case 'refundPayment':
      if (state.payment.status !== 'captured') return `the payment is ${state.payment.status}`;
      return refundableRemainder(state) === 0 ? 'the payment is fully refunded' : undefined;
    default:
      return unreachable(action);
  }
};

/** Why a review decision is not allowed now: only a held, unreviewed order still placed. */
export const whyNotReview = (state: Started): string | undefined => {
  const closed = closedWhy(state);
  if (closed !== undefined) return closed;
  if (state.order.status !== 'placed') return `the order is ${state.order.status}`;
  if (state.risk === null) return 'the order is not scored yet';
  if (!state.risk.held) return 'the order is not held for review';
  if (state.risk.review !== null) return `the order was ${state.risk.review.decision} already`;
  return undefined;
};

/** Held for a reviewer: scored at or above the threshold and not reviewed yet. */
export const isHeldForReview = (state: Started): boolean =>
  state.order.status === 'placed' && state.risk?.held === true && state.risk.review === null;
