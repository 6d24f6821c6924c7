import { fulfilmentStream } from '../../domain/streams.ts';
import type { EventStore } from '../../infra/eventstore/event-store.ts';
import { deterministicId } from '../../infra/eventstore/ids.ts';
import type { RecordedDomainEvent } from '../../infra/eventstore/recorded.ts';
import type { Logger } from '../../infra/logger.ts';
import type { Metrics } from '../../infra/metrics.ts';
import type { Clock } from '../ports/clock.ts';
import type { SagaInputEvent } from './commands.ts';
import type { Dispatcher, RecordedDecision } from './dispatch.ts';
import { sagaEvents } from './events.ts';
import { orderIdOf } from './inputs.ts';
import { contextOf, metadataOf, sagaActor } from './saga-handler.ts';
import type { SagaCommandHandler } from './saga-handler.ts';

export interface InputHandlerDeps {
  readonly store: EventStore;
  readonly saga: SagaCommandHandler;
  readonly dispatcher: Dispatcher;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** The ids of a command's events, as the command handler derives them (command-handler.ts). */
const decisionId = (commandId: string, index: number): string => deterministicId(commandId, index);

/**
 * Handles one input, at least once: observe it (the saga's decisions are appended under a command
 * id derived from the input, so a repeat appends nothing), then dispatch what was decided. When
 * the observation is found already done (redelivered after a crash between append and dispatch),
 * the decisions it made are read back and dispatched again; every dispatch is idempotent.
 */
export const createInputHandler = (deps: InputHandlerDeps) => {
  const { store, saga, dispatcher, clock, logger } = deps;
  const started = deps.metrics.counter('fulfilment_sagas_started_total', 'Sagas started');
  const completed = deps.metrics.counter(
    'fulfilment_sagas_completed_total',
    'Sagas completed, by outcome',
    ['outcome'],
  );

  const decidedBefore = async (stream: string, commandId: string): Promise<RecordedDecision[]> => {
    const { events } = await store.readStream(stream, sagaEvents);
    return events.filter((recorded) => recorded.metadata.commandId === commandId);
  };

  /** The first half: the saga's decisions about the input, appended (or found) in its stream. */
  const observeInput = async (input: RecordedDomainEvent<SagaInputEvent>) => {
    const orderId = orderIdOf(input);
    if (orderId === undefined) return undefined;
    const stream = fulfilmentStream(orderId);
    const commandId = deterministicId(input.id, 'observe');
    const cause = { orderId, causationId: input.id, commandId, actor: sagaActor, now: clock.now() };
    const command = {
      type: 'Observe' as const,
      data: { input: { id: input.id, event: input.event } },
      metadata: metadataOf(cause),
    };
    const result = await saga.handle(stream, command, contextOf(cause));
    for (const event of result.events) {
      if (event.type === 'FulfilmentStarted') started.inc();
      if (event.type === 'FulfilmentCompleted') completed.inc({ outcome: event.data.outcome });
    }
    const decisions =
      result.alreadyHandled || result.events.length === 0
        ? await decidedBefore(stream, commandId)
        : result.events.map((event, index) => ({ id: decisionId(commandId, index), event }));
    return { orderId, decisions };
  };

  return {
    observeInput,
    handle: async (input: RecordedDomainEvent<SagaInputEvent>): Promise<void> => {
      const observed = await observeInput(input);
      if (observed === undefined) {
        logger.warn({ eventId: input.id, stream: input.stream }, 'input names no order; ignored');
        return;
      }
      for (const decision of observed.decisions) {
        await dispatcher.dispatch(observed.orderId, decision);
      }
    },
  };
};
