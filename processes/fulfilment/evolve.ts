import { unreachable } from '../../domain/shared/decider.ts';
import { addId } from '../../domain/shared/id-set.ts';
import type { SagaEvent } from './events.ts';
import { startedState } from './state.ts';
import type { Fulfilment, LineStock, SagaLine, SagaOrder, SagaPayment, Started } from './state.ts';

// A persistent subscription may redeliver an input after later ones, so what the saga learns
// only moves forward: a late "reserved" never undoes a "released", a late "confirmed" never
// reopens a cancelled order. Only the saga's own new requests move a line or payment back.
const lineRank: Record<LineStock, number> = {
  unrequested: 0,
  requested: 1,
  reserved: 2,
  rejected: 2,
  released: 3,
  committed: 3,
};
const orderRank: Record<SagaOrder['status'], number> = {
  placed: 0,
  confirmed: 1,
  shipped: 2,
  delivered: 3,
  cancelled: 3,
  rejected: 3,
};
const paymentRank: Record<SagaPayment['status'], number> = {
  none: 0,
  requested: 1,
  declined: 2,
  authorized: 3,
  captured: 4,
  voided: 4,
};

const withLine = (state: Started, sku: string, change: (line: SagaLine) => SagaLine): Started => ({
  ...state,
  lines: state.lines.map((line) => (line.sku === sku ? change(line) : line)),
});
const learnt =
  (stock: LineStock) =>
  (line: SagaLine): SagaLine =>
    lineRank[stock] > lineRank[line.stock] ? { ...line, stock, pending: 'none' } : line;

const payment = (state: Started, change: Partial<SagaPayment>): Started => ({
  ...state,
  payment: { ...state.payment, ...change },
});
const paymentLearnt = (
  state: Started,
  change: Partial<SagaPayment> & Pick<SagaPayment, 'status'>,
) =>
  paymentRank[change.status] > paymentRank[state.payment.status] ? payment(state, change) : state;

const timer = (state: Started, timerId: string, from: 'scheduled', to: 'fired' | 'cancelled') => {
  const found = state.timers[timerId];
  if (found?.status !== from) return state;
  return { ...state, timers: { ...state.timers, [timerId]: { ...found, status: to } } };
};

const evolveStarted = (state: Started, event: SagaEvent): Started => {
  switch (event.type) {
    case 'FulfilmentStarted':
      return state;
    case 'StockReservationConfirmed':
      return withLine(state, event.data.sku, learnt('reserved'));
    case 'StockReservationFailed':
      return withLine(state, event.data.sku, learnt('rejected'));
    case 'StockReleaseConfirmed':
      return withLine(state, event.data.sku, learnt('released'));
    case 'StockCommitConfirmed':
      return withLine(state, event.data.sku, learnt('committed'));
    case 'PaymentAuthorizationConfirmed':
      return paymentLearnt(state, { status: 'authorized' });
    case 'PaymentAuthorizationDeclined':
      if (paymentRank[state.payment.status] > paymentRank.declined) return state;
      return payment(state, {
        status: 'declined',
        declines: state.payment.declines + 1,
        declineReason: event.data.reason,
      });
    case 'PaymentCaptureConfirmed':
      return paymentLearnt(state, { status: 'captured', captured: event.data.amount.amount });
    case 'PaymentVoidConfirmed':
      return paymentLearnt(state, { status: 'voided' });
    case 'PaymentRefundConfirmed':
      return payment(state, { refunded: state.payment.refunded + event.data.amount.amount });
    case 'OrderStatusObserved': {
      const { status, shipment } = event.data;
      if (orderRank[status] <= orderRank[state.order.status]) return state;
      // A shipped order cannot be cancelled any more: a cancel the saga asked for has lost.
      const closing = status === 'shipped' ? null : state.order.closing;
      const order = { ...state.order, status, closing, shipment: shipment ?? state.order.shipment };
      const shipping =
        status === 'shipped' ? { ...state.shipping, status: 'shipped' as const } : state.shipping;
      return { ...state, order, shipping };
    }
    case 'StockReservationRequested':
      return withLine(state, event.data.sku, (line) =>
        line.stock === 'reserved' || line.stock === 'committed'
          ? line
          : { ...line, stock: 'requested', pending: 'none' },
      );
    case 'StockReleaseRequested':
      return withLine(state, event.data.sku, (line) => ({ ...line, pending: 'release' }));
    case 'StockCommitRequested':
      return withLine(state, event.data.sku, (line) => ({ ...line, pending: 'commit' }));
    case 'PaymentAuthorizationRequested': {
      const status =
        paymentRank[state.payment.status] <= paymentRank.declined
          ? 'requested'
          : state.payment.status;
      return payment(state, { status, attempts: event.data.attempt });
    }
    case 'PaymentCaptureRequested':
      return payment(state, { captureRequested: true });
    case 'VoidRequested':
      return payment(state, { voidRequested: true });
    case 'RefundRequested':
      return payment(state, {
        refundRequested: state.payment.refundRequested + event.data.amount.amount,
      });
    case 'OrderConfirmationRequested':
      return { ...state, order: { ...state.order, confirmRequested: true } };
    case 'OrderRejectionRequested':
      return { ...state, order: { ...state.order, closing: 'reject' } };
    case 'CancellationRequested':
      return { ...state, order: { ...state.order, closing: 'cancel' } };
    case 'ShipmentRequested':
      if (state.shipping.status === 'shipped') return state;
      return {
        ...state,
        shipping: { ...state.shipping, status: 'requested', attempts: event.data.attempt },
      };
    case 'ShipmentFailed': {
      const { attempt, reason } = event.data;
      if (state.shipping.status !== 'requested' || state.shipping.attempts !== attempt)
        return state;
      return { ...state, shipping: { ...state.shipping, status: 'failed', lastFailure: reason } };
    }
    case 'DeliveryCheckRequested':
      return { ...state, shipping: { ...state.shipping, checks: event.data.check } };
    case 'DeliveryPending':
      return { ...state, shipping: { ...state.shipping, checksAnswered: event.data.check } };
    case 'TimerScheduled': {
      const { timerId, purpose, attempt, fireAt } = event.data;
      const scheduled = { purpose, attempt, fireAt, status: 'scheduled' as const };
      return { ...state, timers: { ...state.timers, [timerId]: scheduled } };
    }
    case 'TimerCancelled':
      return timer(state, event.data.timerId, 'scheduled', 'cancelled');
    case 'TimerFired':
      return timer(state, event.data.timerId, 'scheduled', 'fired');
    case 'FulfilmentCompleted':
    case 'RetryRequested':
    case 'CompensationRequested':
    case 'InputHandled':
      return state;
    default:
      return unreachable(event);
  }
};

const inputIdOf = (event: SagaEvent): string | undefined =>
  'inputId' in event.data ? event.data.inputId : undefined;

export const evolve = (state: Fulfilment, event: SagaEvent): Fulfilment => {
  if (state.stage === 'unstarted') {
    if (event.type === 'FulfilmentStarted') {
      return { ...startedState(event.data, state), stage: 'running' };
    }
    if (event.type !== 'OrderStatusObserved') return state;
    const cancelledEarly = state.cancelledEarly || event.data.status === 'cancelled';
    return { ...state, cancelledEarly, observed: addId(state.observed, event.data.inputId) };
  }
  const inputId = inputIdOf(event);
  const observed = inputId === undefined ? state.observed : addId(state.observed, inputId);
  const next = { ...evolveStarted(state, event), observed };
  if (event.type === 'FulfilmentCompleted') {
    return { ...next, stage: 'completed', outcome: event.data.outcome };
  }
  return state.stage === 'completed'
    ? { ...next, stage: 'completed', outcome: state.outcome }
    : { ...next, stage: 'running' };
};
