import { unreachable } from '../../domain/shared/decider.ts';
import type { Request } from './events-requests.ts';
import { onCompensation, onRetry } from './operator-reactions.ts';
import { timerIds } from './plan.ts';
import type { Plan } from './plan.ts';
import { requestRejection } from './steps.ts';
import { isOrderOpen } from './queries.ts';
import type { SagaTimer, StartedFulfilment } from './state.ts';

// What the saga does about one input beyond its standing rules (steps.ts).

export const onStockRejected = (
  plan: Plan,
  state: StartedFulfilment,
  failed: { sku: string; requested: number; available: number },
): void => {
  if (!isOrderOpen(state) || state.order.status !== 'placed') return;
  const { sku, requested, available } = failed;
  requestRejection(plan, 'out_of_stock', `${sku}: ${requested} requested, ${available} available`);
};

export const onPaymentDeclined = (plan: Plan, state: StartedFulfilment): void => {
  const { payment } = state;
  if (!isOrderOpen(state) || payment.status !== 'declined') return;
  const reason = payment.declineReason ?? 'declined';
  const grace = plan.context.policy.paymentDeclineGraceMs;
  if (grace === 0) {
    requestRejection(plan, 'payment_declined', reason);
    return;
  }
  const id = timerIds.declineGrace(payment.declines);
  plan.schedule('payment_decline_grace', id, payment.declines, grace);
};

const onTimer = (plan: Plan, state: StartedFulfilment, timer: SagaTimer): void => {
  const { payment, order, shipping } = state;
  switch (timer.purpose) {
    case 'reservation_timeout': {
      if (!isOrderOpen(state) || order.status !== 'placed') return;
      if (payment.status === 'authorized' || payment.status === 'captured') return;
      const { reservationTimeoutMs } = plan.context.policy;
      requestRejection(
        plan,
        'payment_timeout',
        `no authorized payment within ${reservationTimeoutMs} ms`,
      );
      return;
    }
    case 'payment_decline_grace':
      if (!isOrderOpen(state) || payment.status !== 'declined') return;
      // A newer attempt has its own grace.
      if (payment.attempts !== timer.attempt) return;
      requestRejection(plan, 'payment_declined', payment.declineReason ?? 'declined');
      return;
    case 'shipping_retry': {
      if (!isOrderOpen(state) || order.status !== 'confirmed') return;
      if (shipping.status !== 'failed' || shipping.attempts !== timer.attempt) return;
      const attempt = timer.attempt + 1;
      plan.emit({
        type: 'ShipmentRequested',
        data: { attempt, commandId: plan.commandId('Ship', attempt) },
      });
      return;
    }
    case 'delivery_check': {
      if (order.status !== 'shipped' || order.shipment === null) return;
      const { trackingId } = order.shipment;
      const check = timer.attempt;
      const commandId = plan.commandId('TrackShipment', check);
      plan.emit({ type: 'DeliveryCheckRequested', data: { trackingId, check, commandId } });
      return;
    }
    default:
      unreachable(timer.purpose);
  }
};

const onShipmentFailed = (plan: Plan, state: StartedFulfilment, attempt: number): void => {
  const { shipping, order } = state;
  if (!isOrderOpen(state) || order.status !== 'confirmed') return;
  if (shipping.status !== 'failed' || shipping.attempts !== attempt) return;
  const { shippingMaxAttempts, shippingRetryBaseMs } = plan.context.policy;
  if (attempt < shippingMaxAttempts) {
    const delay = shippingRetryBaseMs * 2 ** (attempt - 1);
    plan.schedule('shipping_retry', timerIds.shippingRetry(attempt), attempt, delay);
    return;
  }
  // Refund and release follow once the order is cancelled (steps.ts), as for any cancellation.
  const reason = `shipping failed after ${attempt} attempts: ${shipping.lastFailure ?? 'refused'}`;
  plan.emit({
    type: 'CancellationRequested',
    data: { reason, commandId: plan.commandId('CancelOrder') },
  });
};

/** The reaction to a request written to the saga's own stream. */
export const onRequest = (plan: Plan, state: StartedFulfilment, request: Request): void => {
  switch (request.type) {
    case 'TimerFired': {
      const timer = state.timers[request.data.timerId];
      if (timer?.status === 'fired') onTimer(plan, state, timer);
      return;
    }
    case 'RetryRequested':
      onRetry(plan, state, request.data.step);
      return;
    case 'CompensationRequested':
      onCompensation(plan, state, request.data.action);
      return;
    case 'ShipmentFailed':
      onShipmentFailed(plan, state, request.data.attempt);
      return;
    case 'DeliveryPending': {
      const next = request.data.check + 1;
      if (state.order.status !== 'shipped' || state.shipping.checks !== request.data.check) return;
      plan.schedule(
        'delivery_check',
        timerIds.deliveryCheck(next),
        next,
        plan.context.policy.deliveryRecheckMs,
      );
      return;
    }
    default:
      unreachable(request);
  }
};
