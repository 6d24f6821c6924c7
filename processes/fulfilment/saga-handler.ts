import type { Actor } from '../../domain/shared/command.ts';
import { createCommandHandler } from '../../infra/eventstore/command-handler.ts';
import type { CommandContext, CommandHandler } from '../../infra/eventstore/command-handler.ts';
import type { EventStore } from '../../infra/eventstore/event-store.ts';
import type { Logger } from '../../infra/logger.ts';
import type { Metrics } from '../../infra/metrics.ts';
import type { FulfilmentCommand } from './commands.ts';
import { fulfilmentDecider } from './decide.ts';
import { sagaEvents } from './events.ts';
import type { SagaEvent } from './events.ts';
import type { FulfilmentPolicy } from './policy.ts';
import type { Fulfilment } from './state.ts';

/** The saga on its own authority: the actor of what it observes, decides and dispatches. */
export const sagaActor: Actor = { id: 'fulfilment-saga', roles: ['process'] };
export const schedulerActor: Actor = { id: 'fulfilment-scheduler', roles: ['process'] };

export type SagaCommandHandler = CommandHandler<FulfilmentCommand, SagaEvent, Fulfilment>;

/** Commands to `fulfilment-{orderId}` streams, decided by the saga's decider. */
export const createSagaCommandHandler = (options: {
  store: EventStore;
  policy: FulfilmentPolicy;
  logger: Logger;
  metrics: Metrics;
}): SagaCommandHandler =>
  createCommandHandler({
    name: 'fulfilment',
    store: options.store,
    decider: fulfilmentDecider(options.policy),
    codec: sagaEvents,
    logger: options.logger,
    metrics: options.metrics,
  });

/** Whom a command is for and what caused it; every process command is built from one. */
export type Cause = {
  readonly orderId: string;
  /** The event that caused the command (a decision, a scheduled timer) or the request. */
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

/** A command as a dispatcher writes it; the metadata comes from its Cause. */
export type Unsent<C> = C extends unknown ? Omit<C, 'metadata'> : never;
