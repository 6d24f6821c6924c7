import { unreachable } from '../../domain/shared/decider.ts';
import { hasId } from '../../domain/shared/id-set.ts';
import { isRequest } from './commands.ts';
import type { Observe, SagaInput } from './commands.ts';
import { InputBeforeStart } from './errors.ts';
import type { Observation } from './events-observed.ts';
import type { Request } from './events-requests.ts';
import type { SagaEvent } from './events.ts';
import { Plan } from './plan.ts';
import type { FulfilmentPolicy } from './policy.ts';
import { onPaymentDeclined, onRequest, onStockRejected } from './reactions.ts';
import type { Fulfilment } from './state.ts';
import { settle } from './steps.ts';

type DomainInput = Exclude<SagaInput['event'], Request>;

const closedReason = (reason: string, detail: string | null): string =>
  detail === null ? reason : `${reason}: ${detail}`;

/** The saga's record of an aggregate's event: the facts it acts on, and the event's id. */
export const observationOf = (inputId: string, event: DomainInput): Observation => {
  const status = (s: 'confirmed' | 'delivered') =>
    ({
      type: 'OrderStatusObserved',
      data: { status: s, reason: null, shipment: null, inputId },
    }) as const;
  switch (event.type) {
    case 'OrderPlaced': {
      const { orderId, customerId, lines, total } = event.data;
      const wanted = lines.map(({ sku, quantity }) => ({ sku, quantity }));
      return {
        type: 'FulfilmentStarted',
        data: { orderId, customerId, lines: wanted, amount: total, inputId },
      };
    }
    case 'OrderConfirmed':
      return status('confirmed');
    case 'OrderDelivered':
      return status('delivered');
    case 'OrderRejected': {
      const reason = closedReason(event.data.reason, event.data.detail);
      return {
        type: 'OrderStatusObserved',
        data: { status: 'rejected', reason, shipment: null, inputId },
      };
    }
    case 'OrderCancelled': {
      const { reason } = event.data;
      return {
        type: 'OrderStatusObserved',
        data: { status: 'cancelled', reason, shipment: null, inputId },
      };
    }
    case 'OrderShipped': {
      const shipment = { carrier: event.data.carrier, trackingId: event.data.trackingId };
      return {
        type: 'OrderStatusObserved',
        data: { status: 'shipped', reason: null, shipment, inputId },
      };
    }
    case 'StockReserved':
      return {
        type: 'StockReservationConfirmed',
        data: { sku: event.data.sku, quantity: event.data.quantity, inputId },
      };
    case 'StockReservationRejected': {
      const { sku, requested, available } = event.data;
      return { type: 'StockReservationFailed', data: { sku, requested, available, inputId } };
    }
    case 'StockReleased':
      return {
        type: 'StockReleaseConfirmed',
        data: { sku: event.data.sku, quantity: event.data.quantity, inputId },
      };
    case 'StockCommitted':
      return {
        type: 'StockCommitConfirmed',
        data: { sku: event.data.sku, quantity: event.data.quantity, inputId },
      };
    case 'PaymentAuthorized': {
      const { authorizationId, amount } = event.data;
      return { type: 'PaymentAuthorizationConfirmed', data: { authorizationId, amount, inputId } };
    }
    case 'PaymentDeclined':
      return { type: 'PaymentAuthorizationDeclined', data: { reason: event.data.reason, inputId } };
    case 'PaymentCaptured':
      return { type: 'PaymentCaptureConfirmed', data: { amount: event.data.amount, inputId } };
    case 'AuthorizationVoided':
      return { type: 'PaymentVoidConfirmed', data: { inputId } };
    case 'PaymentRefunded': {
      const { refundId, amount } = event.data;
      return { type: 'PaymentRefundConfirmed', data: { refundId, amount, inputId } };
    }
    default:
      return unreachable(event);
  }
};

const observeRequest = (plan: Plan, input: { id: string; event: Request }): void => {
  const state = plan.started();
  if (state === undefined) throw new InputBeforeStart(input.event.type);
  // The reaction is planned first, so InputHandled can say whether the request led to anything.
  const reaction = new Plan(state, plan.context);
  onRequest(reaction, state, input.event);
  settle(reaction);
  const outcome = reaction.events.length > 0 ? 'acted' : 'nothing_to_do';
  plan.emit({
    type: 'InputHandled',
    data: { inputId: input.id, request: input.event.type, outcome },
  });
  for (const event of reaction.events) plan.emit(event);
};

const observeDomainEvent = (plan: Plan, input: { id: string; event: DomainInput }): void => {
  const { event } = input;
  if (
    plan.state.stage === 'unstarted' &&
    event.type !== 'OrderPlaced' &&
    event.type !== 'OrderCancelled'
  ) {
    throw new InputBeforeStart(event.type);
  }
  // A second OrderPlaced cannot happen: the order refuses to be placed twice.
  if (plan.state.stage !== 'unstarted' && event.type === 'OrderPlaced') return;
  plan.emit(observationOf(input.id, event));
  const state = plan.started();
  if (state === undefined) return;
  if (event.type === 'StockReservationRejected') onStockRejected(plan, state, event.data);
  if (event.type === 'PaymentDeclined') onPaymentDeclined(plan, state);
  settle(plan);
};

/** Observe: record the input, then decide what it leads to. A repeat of an input changes nothing. */
export const observe = (
  command: Observe,
  state: Fulfilment,
  policy: FulfilmentPolicy,
): SagaEvent[] => {
  const { id, event } = command.data.input;
  if (hasId(state.observed, id)) return [];
  const plan = new Plan(state, { policy, now: command.metadata.now, cause: id });
  if (isRequest(event)) observeRequest(plan, { id, event });
  else observeDomainEvent(plan, { id, event });
  return plan.events;
};
