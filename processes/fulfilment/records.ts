import type { Actor, Command } from '../../domain/shared/command.ts';
import { unreachable } from '../../domain/shared/decider.ts';
import { createCommandHandler } from '../../infra/eventstore/command-handler.ts';
import type { CommandContext, CommandHandler } from '../../infra/eventstore/command-handler.ts';
import type { EventStore } from '../../infra/eventstore/event-store.ts';
import type { Logger } from '../../infra/logger.ts';
import type { Metrics } from '../../infra/metrics.ts';
import type {
  CompensationAction,
  FulfilmentOutcome,
  RetryStep,
  ReviewDecision,
  RiskAssessment,
} from './events-records.ts';
import { sagaEvents } from './events.ts';
import type { SagaEvent } from './events.ts';

// The saga's own stream, `fulfilment-{orderId}`, as a small decider: it records an operator's
// request, a refused shipment attempt (once per attempt) and the outcome (once).

export type RecordRequest = Command<
  'RecordRequest',
  { request: { step: RetryStep } | { action: CompensationAction } }
>;
export type RecordShipmentFailure = Command<
  'RecordShipmentFailure',
  { attempt: number; reason: string }
>;
export type RecordOutcome = Command<'RecordOutcome', { outcome: FulfilmentOutcome }>;
export type RecordRiskScore = Command<'RecordRiskScore', RiskAssessment>;
export type RecordReview = Command<'RecordReview', { decision: ReviewDecision; reason: string }>;
export type RecordCommand =
  RecordRequest | RecordShipmentFailure | RecordOutcome | RecordRiskScore | RecordReview;

export type Records = {
  readonly failures: number;
  readonly outcome: FulfilmentOutcome | null;
  readonly scored: boolean;
  readonly reviewed: boolean;
};

const decide = (command: RecordCommand, state: Records): SagaEvent[] => {
  switch (command.type) {
    case 'RecordRequest': {
      const { request } = command.data;
      return 'step' in request
        ? [{ type: 'RetryRequested', data: { step: request.step } }]
        : [{ type: 'CompensationRequested', data: { action: request.action } }];
    }
    case 'RecordShipmentFailure':
      return command.data.attempt > state.failures
        ? [{ type: 'ShipmentFailed', data: command.data }]
        : [];
    case 'RecordOutcome':
      return state.outcome === null
        ? [{ type: 'FulfilmentCompleted', data: { outcome: command.data.outcome } }]
        : [];
    // Scored once: a second scoring (another process, a redelivery) would restate the first.
    case 'RecordRiskScore':
      return state.scored ? [] : [{ type: 'RiskScored', data: command.data }];
    case 'RecordReview':
      return state.reviewed || state.outcome !== null
        ? []
        : [{ type: 'RiskReviewed', data: command.data }];
    default:
      return unreachable(command);
  }
};

const evolve = (state: Records, event: SagaEvent): Records => {
  switch (event.type) {
    case 'ShipmentFailed':
      return { ...state, failures: Math.max(state.failures, event.data.attempt) };
    case 'FulfilmentCompleted':
      return { ...state, outcome: event.data.outcome };
    case 'RiskScored':
      return { ...state, scored: true };
    case 'RiskReviewed':
      return { ...state, reviewed: true };
    default:
      return state;
  }
};

export const recordsDecider = {
  decide,
  evolve,
  initialState: { failures: 0, outcome: null, scored: false, reviewed: false },
};

export type RecordsHandler = CommandHandler<RecordCommand, SagaEvent, Records>;

export const createRecordsHandler = (options: {
  store: EventStore;
  logger: Logger;
  metrics: Metrics;
}): RecordsHandler =>
  createCommandHandler({
    name: 'fulfilment',
    store: options.store,
    decider: recordsDecider,
    codec: sagaEvents,
    logger: options.logger,
    metrics: options.metrics,
  });

/** The saga on its own authority: the actor of what it decides. */
export const sagaActor: Actor = { id: 'fulfilment-saga', roles: ['process'] };

/** Whom a command is for and what caused it; every command the saga sends is built from one. */
export type Cause = {
  readonly orderId: string;
  readonly causationId: string;
  readonly commandId: string;
  readonly actor: Actor;
  readonly now: Date;
};

export const contextOf = (cause: Cause): CommandContext => ({
  commandId: cause.commandId,
  correlationId: cause.orderId,
  causationId: cause.causationId,
  actor: cause.actor.id,
  now: cause.now,
});

export const metadataOf = (cause: Cause) => ({ now: cause.now, actor: cause.actor });

/** A command as a sender writes it; the metadata comes from its Cause. */
export type Unsent<C> = C extends unknown ? Omit<C, 'metadata'> : never;
