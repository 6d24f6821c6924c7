import { unreachable } from '../../domain/shared/decider.ts';
import type { CompensationAction, RetryStep } from './events-requests.ts';
import { allReserved, heldLines, isOrderClosed, isOrderOpen } from './queries.ts';
import type { SagaLine, StartedFulfilment } from './state.ts';

// What an operator may ask for, checked twice: when the request is made (a refusal is a 409) and
// again when the saga handles it, since the saga may have moved on in between.

/** Lines whose reservation went unanswered, or that an operator released from an open order. */
export const linesToReserveAgain = (state: StartedFulfilment): SagaLine[] =>
  isOrderOpen(state)
    ? state.lines.filter((line) => line.stock === 'requested' || line.stock === 'released')
    : [];

export const refundableRemainder = ({ payment }: StartedFulfilment): number =>
  payment.status === 'captured' ? Math.max(0, payment.captured - payment.refunded) : 0;

const closedWhy = (state: StartedFulfilment): string | undefined => {
  if (state.stage === 'completed') return `the fulfilment is complete (${state.outcome})`;
  if (isOrderClosed(state)) return `the order is ${state.order.status}`;
  if (state.order.closing !== null) return `the saga is closing the order (${state.order.closing})`;
  return undefined;
};

const retryPaymentWhy = (state: StartedFulfilment): string | undefined => {
  const { status } = state.payment;
  if (status === 'none') return 'no payment was requested yet';
  if (status !== 'declined' && status !== 'requested') return `the payment is ${status}`;
  if (!allReserved(state)) return 'the stock is not all reserved';
  return undefined;
};

const retryShippingWhy = (state: StartedFulfilment): string | undefined => {
  if (state.order.status !== 'confirmed') return `the order is ${state.order.status}`;
  if (state.payment.status !== 'captured') return 'the payment is not captured';
  const { status } = state.shipping;
  if (status !== 'failed' && status !== 'requested') return `shipping is ${status}`;
  return undefined;
};

/** Why a retry of `step` is not allowed now; undefined when it is. */
export const whyNotRetry = (state: StartedFulfilment, step: RetryStep): string | undefined => {
  switch (step) {
    case 'inventory':
      return (
        closedWhy(state) ??
        (linesToReserveAgain(state).length === 0 ? 'every line is reserved' : undefined)
      );
    case 'payment':
      return closedWhy(state) ?? retryPaymentWhy(state);
    case 'shipping':
      // A cancel the saga asked for after the last attempt does not stop an operator while the
      // order is still confirmed: the operator knows something the carrier did not.
      return state.stage === 'completed' ? closedWhy(state) : retryShippingWhy(state);
    default:
      return unreachable(step);
  }
};

/** Why compensation `action` is not allowed now; undefined when it is. */
export const whyNotCompensate = (
  state: StartedFulfilment,
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
