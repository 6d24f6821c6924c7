import { unreachable } from '../../domain/shared/decider.ts';
import type { CompensationAction, RetryStep } from './events-requests.ts';
import type { Plan } from './plan.ts';
import {
  linesToReserveAgain,
  refundableRemainder,
  whyNotCompensate,
  whyNotRetry,
} from './rules.ts';
import type { StartedFulfilment } from './state.ts';
import { releaseHeldStock } from './steps.ts';

// An operator's retry or compensation, as the saga carries it out. The rules are checked again:
// the saga may have moved on since the operator asked, and then there is nothing to do.

export const onRetry = (plan: Plan, state: StartedFulfilment, step: RetryStep): void => {
  if (whyNotRetry(state, step) !== undefined) return;
  switch (step) {
    case 'inventory':
      for (const { sku, quantity } of linesToReserveAgain(state)) {
        const commandId = plan.commandId('ReserveStock', sku);
        plan.emit({ type: 'StockReservationRequested', data: { sku, quantity, commandId } });
      }
      return;
    case 'payment': {
      const { payment } = state;
      // An unanswered attempt is asked again under its own provider key, never charged twice.
      const attempt = payment.status === 'declined' ? payment.attempts + 1 : payment.attempts;
      plan.cancelTimers(['payment_decline_grace']);
      const commandId = plan.commandId('AuthorizePayment', attempt);
      plan.emit({
        type: 'PaymentAuthorizationRequested',
        data: { amount: payment.amount, attempt, commandId },
      });
      return;
    }
    case 'shipping': {
      const { shipping } = state;
      const attempt = shipping.status === 'failed' ? shipping.attempts + 1 : shipping.attempts;
      plan.cancelTimers(['shipping_retry']);
      plan.emit({
        type: 'ShipmentRequested',
        data: { attempt, commandId: plan.commandId('Ship', attempt) },
      });
      return;
    }
    default:
      unreachable(step);
  }
};

export const onCompensation = (
  plan: Plan,
  state: StartedFulfilment,
  action: CompensationAction,
): void => {
  if (whyNotCompensate(state, action) !== undefined) return;
  switch (action) {
    case 'releaseStock':
      releaseHeldStock(plan, state);
      return;
    case 'refundPayment': {
      const commandId = plan.commandId('RefundPayment');
      const amount = {
        amount: refundableRemainder(state),
        currency: state.payment.amount.currency,
      };
      plan.emit({ type: 'RefundRequested', data: { refundId: commandId, amount, commandId } });
      return;
    }
    default:
      unreachable(action);
  }
};
