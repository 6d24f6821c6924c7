import type { OrderPlaced } from '../../domain/order/events.ts';
import { allReserved } from './queries.ts';
import { whyNotCompensate, whyNotRetry, whyNotReview } from './rules.ts';
import type { FulfilmentInput, WorkflowEvent } from './inputs.ts';
import type { Fact, Fulfilment, SagaLine, SagaPayment, Started } from './state.ts';

// The workflow's state moves only with what happened: the aggregates' events, the operator's
// requests, the carrier's refusals, the outcome. Inputs are folded in log order; the v1 saga's
// own events (observations, decisions, timers) are ignored, since the facts they restate are in
// the aggregates' streams and the timers are derived from those facts.

const start = (placed: OrderPlaced, fact: Fact): Started => {
  const { orderId, customerId, lines, total } = placed.data;
  return {
    orderId,
    customerId,
    lines: lines.map(({ sku, quantity }) => ({
      sku,
      quantity,
      stock: 'pending',
      asked: fact,
      releases: 0,
      releaseAsked: null,
      rejection: null,
    })),
    payment: {
      status: 'none',
      amount: total,
      since: null,
      declines: 0,
      declineReason: null,
      resendAsked: null,
      captured: 0,
      refunded: 0,
      refundAsked: null,
    },
    order: { status: 'placed', since: fact, reason: null, shipment: null },
    shipping: {
      failures: 0,
      lastFailure: null,
      retryAsked: null,
      inTransitAt: null,
      carrierEstimate: null,
    },
    lastReserved: null,
    paymentAsked: null,
    outOfStock: null,
    placed: fact,
    risk: null,
  };
};

const line = (state: Started, sku: string, change: (line: SagaLine) => SagaLine): Started => ({
  ...state,
  lines: state.lines.map((each) => (each.sku === sku ? change(each) : each)),
});
const payment = (state: Started, change: Partial<SagaPayment>): Started => ({
  ...state,
  payment: { ...state.payment, ...change },
});
const order = (
  state: Started,
  status: Started['order']['status'],
  fact: Fact,
  reason = null as string | null,
): Started => ({
  ...state,
  order: { ...state.order, status, since: fact, reason },
});

const retry = (state: Started, fact: Fact, step: 'inventory' | 'payment' | 'shipping'): Started => {
  switch (step) {
    case 'inventory':
      return {
        ...state,
        lines: state.lines.map((each) =>
          each.stock === 'released' || each.stock === 'pending'
            ? { ...each, stock: 'pending', asked: fact }
            : each,
        ),
      };
    case 'payment':
      return state.payment.status === 'declined'
        ? payment(state, { status: 'retrying', since: fact })
        : payment(state, { resendAsked: fact });
    case 'shipping':
      return { ...state, shipping: { ...state.shipping, retryAsked: fact } };
  }
};

const evolveEvent = (state: Started, event: WorkflowEvent, fact: Fact): Started => {
  switch (event.type) {
    case 'StockReserved': {
      const next = {
        ...line(state, event.data.sku, (each) => ({ ...each, stock: 'reserved' as const })),
        lastReserved: fact,
      };
      // The workflow asks for the payment once every line is reserved, and only then.
      const asks =
        next.paymentAsked === null &&
        next.order.status === 'placed' &&
        next.outOfStock === null &&
        next.payment.status === 'none' &&
        allReserved(next);
      return asks ? { ...next, paymentAsked: fact } : next;
    }
    case 'StockReservationRejected': {
      const { requested, available } = event.data;
      return {
        ...line(state, event.data.sku, (each) => ({
          ...each,
          stock: 'rejected',
          rejection: { requested, available },
        })),
        outOfStock: state.outOfStock ?? fact,
      };
    }
    case 'StockReleased':
      return line(state, event.data.sku, (each) => ({
        ...each,
        stock: 'released',
        releases: each.releases + 1,
        releaseAsked: null,
      }));
    case 'StockCommitted':
      return line(state, event.data.sku, (each) => ({ ...each, stock: 'committed' }));
    case 'PaymentAuthorized':
      return payment(state, { status: 'authorized', since: fact, resendAsked: null });
    case 'PaymentDeclined':
      return payment(state, {
        status: 'declined',
        since: fact,
        declines: state.payment.declines + 1,
        declineReason: event.data.reason,
        resendAsked: null,
      });
    case 'PaymentCaptured':
      return payment(state, {
        status: 'captured',
        since: fact,
        captured: event.data.amount.amount,
      });
    case 'AuthorizationVoided':
      return payment(state, { status: 'voided', since: fact });
    case 'PaymentRefunded':
      return payment(state, {
        refunded: state.payment.refunded + event.data.amount.amount,
        refundAsked: null,
      });
    case 'OrderConfirmed':
      return order(state, 'confirmed', fact);
    case 'OrderShipped': {
      const { carrier, trackingId, estimatedDeliveryAt = null } = event.data;
      const shipped = order(state, 'shipped', fact);
      const shipment = { carrier, trackingId, shipped: fact, estimatedDeliveryAt, revisions: 0 };
      return { ...shipped, order: { ...shipped.order, shipment } };
    }
    case 'OrderDeliveryEstimateRevised': {
      const { shipment } = state.order;
      if (shipment === null) return state;
      const { estimatedDeliveryAt } = event.data;
      const revised = { ...shipment, estimatedDeliveryAt, revisions: shipment.revisions + 1 };
      return { ...state, order: { ...state.order, shipment: revised } };
    }
    case 'OrderDelivered':
      return order(state, 'delivered', fact);
    case 'OrderCancelled':
      return order(state, 'cancelled', fact, event.data.reason);
    case 'OrderRejected': {
      const { reason, detail } = event.data;
      return order(state, 'rejected', fact, detail === null ? reason : `${reason}: ${detail}`);
    }
    case 'ShipmentFailed': {
      const { attempt, reason } = event.data;
      if (attempt <= state.shipping.failures) return state;
      const lastFailure = { ...fact, reason };
      return {
        ...state,
        shipping: { ...state.shipping, failures: attempt, lastFailure, retryAsked: null },
      };
    }
    case 'RetryRequested': {
      const { step } = event.data;
      return whyNotRetry(state, step) === undefined ? retry(state, fact, step) : state;
    }
    case 'RiskScored': {
      if (state.risk !== null) return state;
      const { score, held } = event.data;
      return { ...state, risk: { score, held, scored: fact, review: null } };
    }
    case 'RiskReviewed': {
      if (whyNotReview(state) !== undefined || state.risk === null) return state;
      const review = { decision: event.data.decision, at: fact };
      return { ...state, risk: { ...state.risk, review } };
    }
    case 'CompensationRequested': {
      const { action } = event.data;
      if (whyNotCompensate(state, action) !== undefined) return state;
      if (action === 'refundPayment') return payment(state, { refundAsked: fact });
      return {
        ...state,
        lines: state.lines.map((each) =>
          each.stock === 'reserved' ? { ...each, releaseAsked: fact } : each,
        ),
      };
    }
    default:
      return state;
  }
};

export const evolve = (state: Fulfilment, input: FulfilmentInput): Fulfilment => {
  if (input.kind === 'clock') return state;
  if (input.kind === 'in_transit') {
    if (state.stage === 'unstarted') return state;
    const carrierEstimate = input.estimatedDeliveryAt ?? state.shipping.carrierEstimate;
    return { ...state, shipping: { ...state.shipping, inTransitAt: input.at, carrierEstimate } };
  }
  const { event } = input;
  const fact = { id: input.id, at: input.at };
  if (state.stage === 'unstarted') {
    return event.type === 'OrderPlaced' ? { ...start(event, fact), stage: 'running' } : state;
  }
  if (event.type === 'FulfilmentCompleted') {
    return { ...state, stage: 'completed', outcome: event.data.outcome };
  }
  const next = evolveEvent(state, event, fact);
  return state.stage === 'completed'
    ? { ...next, stage: 'completed', outcome: state.outcome }
    : { ...next, stage: 'running' };
};
