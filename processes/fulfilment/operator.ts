import { randomUUID } from 'node:crypto';
import type { Actor } from '../../domain/shared/command.ts';
import { fulfilmentStream } from '../../domain/streams.ts';
import type { Clock } from '../ports/clock.ts';
import type { FulfilmentCommand } from './commands.ts';
import type { CompensationAction, RetryStep } from './events-requests.ts';
import { stageOf } from './queries.ts';
import { contextOf, metadataOf } from './saga-handler.ts';
import type { SagaCommandHandler } from './saga-handler.ts';
import type { Fulfilment } from './state.ts';

export type OperatorRequestAccepted = {
  readonly orderId: string;
  /** The request's id: its causation in the saga's stream. */
  readonly requestId: string;
  /** The same request id was sent before; nothing new was recorded. */
  readonly alreadyRequested: boolean;
};

export interface OperatorRequests {
  /**
   * Records RetryRequested in the order's saga stream, with the operator as actor; the saga
   * carries it out as its next input. Throws OperatorRequestNotAllowed (409) when the saga's
   * state does not allow it, FulfilmentNotFound (404), OperatorRoleRequired (403).
   */
  requestRetry(
    orderId: string,
    step: RetryStep,
    actor: Actor,
    options?: { requestId?: string },
  ): Promise<OperatorRequestAccepted>;
  /** Records CompensationRequested; refused like `requestRetry`. */
  requestCompensation(
    orderId: string,
    action: CompensationAction,
    actor: Actor,
    options?: { requestId?: string },
  ): Promise<OperatorRequestAccepted>;
  /** The saga's state for the order, and its stage in words ('awaiting_payment', 'completed'…). */
  inspect(orderId: string): Promise<{ state: Fulfilment; stage: string }>;
}

export const createOperatorRequests = (deps: {
  saga: SagaCommandHandler;
  clock: Clock;
}): OperatorRequests => {
  const { saga, clock } = deps;
  const request = async (
    orderId: string,
    actor: Actor,
    requestId: string,
    command: (metadata: FulfilmentCommand['metadata']) => FulfilmentCommand,
  ): Promise<OperatorRequestAccepted> => {
    const cause = {
      orderId,
      causationId: requestId,
      commandId: requestId,
      actor,
      now: clock.now(),
    };
    const result = await saga.handle(
      fulfilmentStream(orderId),
      command(metadataOf(cause)),
      contextOf(cause),
    );
    return { orderId, requestId, alreadyRequested: result.alreadyHandled };
  };
  return {
    requestRetry: (orderId, step, actor, options = {}) =>
      request(orderId, actor, options.requestId ?? randomUUID(), (metadata) => ({
        type: 'RequestRetry',
        data: { orderId, step },
        metadata,
      })),
    requestCompensation: (orderId, action, actor, options = {}) =>
      request(orderId, actor, options.requestId ?? randomUUID(), (metadata) => ({
        type: 'RequestCompensation',
        data: { orderId, action },
        metadata,
      })),
    inspect: async (orderId) => {
      const { state } = await saga.load(fulfilmentStream(orderId));
      return { state, stage: stageOf(state) };
    },
  };
};
