import type { RejectReason } from '../../domain/order/events.ts';
import { timerPurposes } from './events-decided.ts';
import type { FulfilmentOutcome } from './events-decided.ts';
import { timerIds } from './plan.ts';
import type { Plan } from './plan.ts';
import { allReserved, heldLines, isOrderClosed } from './queries.ts';
import type { StartedFulfilment } from './state.ts';

// The saga's standing rules, applied after every input: move an open order one step on, undo
// what a closed order still holds, and complete once nothing is left in flight. Each rule looks
// at what the saga has already asked for, so applying them again asks for nothing new.

export const requestRejection = (plan: Plan, reason: RejectReason, detail: string): void => {
  const commandId = plan.commandId('RejectOrder');
  plan.emit({ type: 'OrderRejectionRequested', data: { reason, detail, commandId } });
};

export const releaseHeldStock = (plan: Plan, state: StartedFulfilment): void => {
  for (const { sku } of heldLines(state)) {
    plan.emit({
      type: 'StockReleaseRequested',
      data: { sku, commandId: plan.commandId('ReleaseStock', sku) },
    });
  }
};

const reserve = (plan: Plan, state: StartedFulfilment): void => {
  for (const { sku, quantity, stock } of state.lines) {
    if (stock !== 'unrequested') continue;
    const commandId = plan.commandId('ReserveStock', sku);
    plan.emit({ type: 'StockReservationRequested', data: { sku, quantity, commandId } });
  }
  if (state.timers[timerIds.reservation] === undefined) {
    const { reservationTimeoutMs } = plan.context.policy;
    plan.schedule('reservation_timeout', timerIds.reservation, 1, reservationTimeoutMs);
  }
};

const advancePlaced = (plan: Plan, state: StartedFulfilment): void => {
  if (state.lines.some((line) => line.stock === 'unrequested')) reserve(plan, state);
  if (!allReserved(state)) return;
  const { payment, order } = state;
  if (payment.status === 'none') {
    const commandId = plan.commandId('AuthorizePayment', 1);
    const data = { amount: payment.amount, attempt: 1, commandId };
    plan.emit({ type: 'PaymentAuthorizationRequested', data });
  } else if (payment.status === 'authorized' && !order.confirmRequested) {
    const commandId = plan.commandId('ConfirmOrder');
    plan.emit({ type: 'OrderConfirmationRequested', data: { commandId } });
  }
};

// Capture waits for the order's confirmation, so a customer who cancels first is never charged.
const advanceConfirmed = (plan: Plan, state: StartedFulfilment): void => {
  const { payment, shipping } = state;
  if (payment.status === 'authorized' && !payment.captureRequested) {
    const commandId = plan.commandId('CapturePayment');
    plan.emit({ type: 'PaymentCaptureRequested', data: { amount: payment.amount, commandId } });
  } else if (payment.status === 'captured' && shipping.status === 'idle' && allReserved(state)) {
    const commandId = plan.commandId('Ship', 1);
    plan.emit({ type: 'ShipmentRequested', data: { attempt: 1, commandId } });
  }
};

const commitStock = (plan: Plan, state: StartedFulfilment): void => {
  for (const { sku } of heldLines(state)) {
    const commandId = plan.commandId('CommitStock', sku);
    plan.emit({ type: 'StockCommitRequested', data: { sku, commandId } });
  }
};

const advanceShipped = (plan: Plan, state: StartedFulfilment): void => {
  commitStock(plan, state);
  if (state.shipping.checks === 0 && state.timers[timerIds.deliveryCheck(1)] === undefined) {
    plan.schedule(
      'delivery_check',
      timerIds.deliveryCheck(1),
      1,
      plan.context.policy.deliveryCheckMs,
    );
  }
};

const undo = (plan: Plan, state: StartedFulfilment): void => {
  releaseHeldStock(plan, state);
  const { payment } = state;
  if (payment.status === 'authorized' && !payment.voidRequested) {
    plan.emit({ type: 'VoidRequested', data: { commandId: plan.commandId('VoidAuthorization') } });
  }
  const unrefunded = payment.captured - payment.refundRequested;
  if (payment.status === 'captured' && unrefunded > 0) {
    const commandId = plan.commandId('RefundPayment');
    const amount = { amount: unrefunded, currency: payment.amount.currency };
    plan.emit({ type: 'RefundRequested', data: { refundId: commandId, amount, commandId } });
  }
};

const cancelObsoleteTimers = (plan: Plan, state: StartedFulfilment): void => {
  if (isOrderClosed(state)) {
    plan.cancelTimers(timerPurposes);
    return;
  }
  if (['authorized', 'captured'].includes(state.payment.status)) {
    plan.cancelTimers(['reservation_timeout', 'payment_decline_grace']);
  }
  if (state.order.status === 'shipped') plan.cancelTimers(['shipping_retry']);
  if (state.order.status === 'delivered') plan.cancelTimers(['shipping_retry', 'delivery_check']);
};

const nothingInFlight = ({ lines, payment }: StartedFulfilment): boolean =>
  lines.every((line) => line.stock !== 'requested' && line.stock !== 'reserved') &&
  payment.status !== 'requested' &&
  payment.status !== 'authorized' &&
  payment.refunded >= payment.captured;

const outcomeOf = (state: StartedFulfilment): FulfilmentOutcome | undefined => {
  const { status } = state.order;
  if (status === 'delivered') {
    return state.lines.every((line) => line.stock === 'committed') ? status : undefined;
  }
  if (status === 'cancelled' || status === 'rejected') {
    return nothingInFlight(state) ? status : undefined;
  }
  return undefined;
};

const complete = (plan: Plan, state: StartedFulfilment): void => {
  const outcome = outcomeOf(state);
  if (outcome === undefined) return;
  plan.cancelTimers(timerPurposes);
  plan.emit({ type: 'FulfilmentCompleted', data: { outcome } });
};

/** The standing rules, in order; each sees what the one before it asked for. */
export const settle = (plan: Plan): void => {
  const steps = [
    (state: StartedFulfilment) => {
      switch (state.order.status) {
        case 'placed':
          if (state.order.closing === null) advancePlaced(plan, state);
          return;
        case 'confirmed':
          if (state.order.closing === null) advanceConfirmed(plan, state);
          return;
        case 'shipped':
          advanceShipped(plan, state);
          return;
        case 'delivered':
          commitStock(plan, state);
          return;
        default:
          undo(plan, state);
      }
    },
    (state: StartedFulfilment) => {
      cancelObsoleteTimers(plan, state);
    },
    (state: StartedFulfilment) => {
      complete(plan, state);
    },
  ];
  for (const step of steps) {
    const state = plan.started();
    if (state?.stage !== 'running') return;
    step(state);
  }
};
