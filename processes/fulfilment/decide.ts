import { hasAnyRole } from '../../domain/shared/command.ts';
import { unreachable } from '../../domain/shared/decider.ts';
import type { Decider } from '../../domain/shared/decider.ts';
import type {
  FireTimer,
  FulfilmentCommand,
  RecordDeliveryPending,
  RecordShipmentFailure,
  RequestCompensation,
  RequestRetry,
} from './commands.ts';
import { FulfilmentNotFound, OperatorRequestNotAllowed, OperatorRoleRequired } from './errors.ts';
import type { SagaEvent } from './events.ts';
import { evolve } from './evolve.ts';
import { observe } from './observe.ts';
import type { FulfilmentPolicy } from './policy.ts';
import { whyNotCompensate, whyNotRetry } from './rules.ts';
import { stageOf } from './queries.ts';
import { initialState } from './state.ts';
import type { Fulfilment, StartedFulfilment } from './state.ts';

const fireTimer = (command: FireTimer, state: Fulfilment): SagaEvent[] => {
  if (state.stage === 'unstarted') return [];
  const { timerId } = command.data;
  const timer = state.timers[timerId];
  // Fired or cancelled already (another scheduler, a restart), or not due by this clock: nothing.
  if (timer?.status !== 'scheduled') return [];
  if (Date.parse(timer.fireAt) > command.metadata.now.getTime()) return [];
  return [{ type: 'TimerFired', data: { timerId } }];
};

const operatorState = (
  command: RequestRetry | RequestCompensation,
  state: Fulfilment,
): StartedFulfilment => {
  const { actor } = command.metadata;
  if (!hasAnyRole(actor, ['operator', 'admin'])) throw new OperatorRoleRequired(actor.id);
  if (state.stage === 'unstarted') throw new FulfilmentNotFound(command.data.orderId);
  return state;
};

const requestRetry = (command: RequestRetry, state: Fulfilment): SagaEvent[] => {
  const started = operatorState(command, state);
  const { step } = command.data;
  const why = whyNotRetry(started, step);
  if (why !== undefined) {
    throw new OperatorRequestNotAllowed(started.orderId, `retry ${step}`, stageOf(started), why);
  }
  return [{ type: 'RetryRequested', data: { step } }];
};

const requestCompensation = (command: RequestCompensation, state: Fulfilment): SagaEvent[] => {
  const started = operatorState(command, state);
  const { action } = command.data;
  const why = whyNotCompensate(started, action);
  if (why !== undefined) {
    throw new OperatorRequestNotAllowed(
      started.orderId,
      `compensate ${action}`,
      stageOf(started),
      why,
    );
  }
  return [{ type: 'CompensationRequested', data: { action } }];
};

// The dispatcher reports what the carrier said; a report about an attempt or check the saga has
// moved past (a redelivered dispatch) is dropped.
const recordShipmentFailure = (command: RecordShipmentFailure, state: Fulfilment): SagaEvent[] => {
  const { attempt, reason } = command.data;
  if (state.stage === 'unstarted' || state.order.status !== 'confirmed') return [];
  if (state.shipping.status !== 'requested' || state.shipping.attempts !== attempt) return [];
  return [{ type: 'ShipmentFailed', data: { attempt, reason } }];
};

const recordDeliveryPending = (command: RecordDeliveryPending, state: Fulfilment): SagaEvent[] => {
  const { check } = command.data;
  if (state.stage === 'unstarted' || state.order.status !== 'shipped') return [];
  if (state.shipping.checks !== check || state.shipping.checksAnswered >= check) return [];
  return [{ type: 'DeliveryPending', data: { check } }];
};

/** The fulfilment saga as a decider over its own stream, `fulfilment-{orderId}`. */
export const fulfilmentDecider = (
  policy: FulfilmentPolicy,
): Decider<FulfilmentCommand, SagaEvent, Fulfilment> => ({
  decide: (command, state) => {
    switch (command.type) {
      case 'Observe':
        return observe(command, state, policy);
      case 'FireTimer':
        return fireTimer(command, state);
      case 'RequestRetry':
        return requestRetry(command, state);
      case 'RequestCompensation':
        return requestCompensation(command, state);
      case 'RecordShipmentFailure':
        return recordShipmentFailure(command, state);
      case 'RecordDeliveryPending':
        return recordDeliveryPending(command, state);
      default:
        return unreachable(command);
    }
  },
  evolve,
  initialState,
});
