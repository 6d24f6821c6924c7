import { randomUUID } from 'node:crypto';
import type { EventStoreDBClient } from '@eventstore/db-client';
import type { Actor } from '../../domain/shared/command.ts';
import { hasAnyRole } from '../../domain/shared/command.ts';
import { fulfilmentStream } from '../../domain/streams.ts';
import type { Clock } from '../ports/clock.ts';
import { FulfilmentNotFound, OperatorRequestNotAllowed, OperatorRoleRequired } from './errors.ts';
import type { CompensationAction, RetryStep, ReviewDecision } from './events-records.ts';
import { loadFulfilment } from './load.ts';
import { stageOf } from './queries.ts';
import { contextOf, metadataOf } from './records.ts';
import type { RecordRequest, RecordReview, RecordsHandler } from './records.ts';
import { whyNotCompensate, whyNotRetry, whyNotReview } from './rules.ts';
import type { FulfilmentPolicy } from './policy.ts';
import type { Fulfilment } from './state.ts';
import { allowedRequests, waitingOf, type Waiting } from './waiting.ts';

export type OperatorRequestAccepted = {
  readonly orderId: string;
  /** The request's id: its event's command id, and the causation of what it leads to. */
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
  /**
   * Records a reviewer's decision on an order held for fraud review (RiskReviewed, the reviewer as
   * actor): approved, the order is confirmed; rejected, its stock is released and its payment
   * voided. Refused like `requestRetry` when the order is not held or was reviewed.
   */
  review(
    orderId: string,
    decision: ReviewDecision,
    reason: string,
    actor: Actor,
    options?: { requestId?: string },
  ): Promise<OperatorRequestAccepted>;
  /**
   * The saga's state for the order, its stage in words ('awaiting_payment', 'completed'…), what it
   * waits for and until when, and the requests an operator may make now.
   */
  inspect(orderId: string): Promise<Inspection>;
}

export type Inspection = {
  readonly state: Fulfilment;
  readonly stage: string;
  readonly waiting: Waiting | null;
  readonly allowed: ReturnType<typeof allowedRequests>;
};

export const createOperatorRequests = (deps: {
  client: EventStoreDBClient;
  records: RecordsHandler;
  clock: Clock;
  policy: FulfilmentPolicy;
}): OperatorRequests => {
  const { client, records, clock, policy } = deps;
  const request = async (
    orderId: string,
    actor: Actor,
    requestId: string,
    data: RecordRequest['data'] | RecordReview['data'],
    why: (state: Exclude<Fulfilment, { stage: 'unstarted' }>) => string | undefined,
    what: string,
  ): Promise<OperatorRequestAccepted> => {
    if (!hasAnyRole(actor, ['operator', 'admin'])) throw new OperatorRoleRequired(actor.id);
    const { handled } = await records.load(fulfilmentStream(orderId));
    if (handled.has(requestId)) return { orderId, requestId, alreadyRequested: true };
    const state = await loadFulfilment(client, orderId);
    if (state.stage === 'unstarted') throw new FulfilmentNotFound(orderId);
    const refused = why(state);
    if (refused !== undefined)
      throw new OperatorRequestNotAllowed(orderId, what, stageOf(state), refused);
    const cause = {
      orderId,
      causationId: requestId,
      commandId: requestId,
      actor,
      now: clock.now(),
    };
    const metadata = metadataOf(cause);
    const command: RecordRequest | RecordReview =
      'decision' in data
        ? { type: 'RecordReview', data, metadata }
        : { type: 'RecordRequest', data, metadata };
    const result = await records.handle(fulfilmentStream(orderId), command, contextOf(cause));
    return { orderId, requestId, alreadyRequested: result.alreadyHandled };
  };
  return {
    requestRetry: (orderId, step, actor, options = {}) =>
      request(
        orderId,
        actor,
        options.requestId ?? randomUUID(),
        { request: { step } },
        (state) => whyNotRetry(state, step),
        `retry ${step}`,
      ),
    requestCompensation: (orderId, action, actor, options = {}) =>
      request(
        orderId,
        actor,
        options.requestId ?? randomUUID(),
        { request: { action } },
        (state) => whyNotCompensate(state, action),
        `compensate ${action}`,
      ),
    review: (orderId, decision, reason, actor, options = {}) =>
      request(
        orderId,
        actor,
        options.requestId ?? randomUUID(),
        { decision, reason },
        (state) => whyNotReview(state),
        decision === 'approved' ? 'approve after review' : 'reject after review',
      ),
    inspect: async (orderId) => {
      const state = await loadFulfilment(client, orderId);
      return {
        state,
        stage: stageOf(state),
        waiting: waitingOf(state, policy),
        allowed: allowedRequests(state),
      };
    },
  };
};
