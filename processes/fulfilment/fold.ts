import type { EventStoreDBClient } from '@eventstore/db-client';
import { customerEvents } from '../../domain/events.ts';
import type { CustomerEvent } from '../../domain/events.ts';
import { runCatchUp } from '../../infra/eventstore/catch-up-runner.ts';
import { combineCodecs } from '../../infra/eventstore/codec.ts';
import { comparePositions } from '../../infra/eventstore/recorded.ts';
import type { LogPosition, RecordedDomainEvent } from '../../infra/eventstore/recorded.ts';
import type { RunnerStatus } from '../../infra/eventstore/runner-status.ts';
import type { Logger } from '../../infra/logger.ts';
import type { Metrics } from '../../infra/metrics.ts';
import { evolve } from './evolve.ts';
import { inputOf, inputStreamPrefixes, orderIdOf, workflowCodec } from './inputs.ts';
import type { FulfilmentInput, WorkflowEvent } from './inputs.ts';
import type { FulfilmentPolicy } from './policy.ts';
import { initialState } from './state.ts';
import type { Fulfilment } from './state.ts';
import { nextDue } from './timers.ts';

export interface WorkflowFold {
  /** The order's workflow as folded so far ('unstarted' too once completed: see `isCompleted`). */
  state(orderId: string): Fulfilment;
  /** The order's fulfilment completed: nothing is left to decide. */
  isCompleted(orderId: string): boolean;
  /** Folds an input no stream holds (the carrier's "in transit"). */
  apply(orderId: string, input: FulfilmentInput): void;
  /** Settles once the event at `position` is folded in; rejects after `timeoutMs`. */
  reach(position: LogPosition, timeoutMs: number): Promise<void>;
  /** The W3C traceparent of the last event folded for the order: its timers continue it. */
  traceOf(orderId: string): string | undefined;
  /** Orders with a timer due by `now` (ms since the epoch), and when each is due. */
  due(now: number): { orderId: string; dueAt: number }[];
  status(): RunnerStatus;
  readonly done: Promise<void>;
}

/** What the fold reads: the workflow's events, and (for the fraud features) customers' accounts. */
export type ObservedEvent = WorkflowEvent | CustomerEvent;
const observedCodec = combineCodecs<ObservedEvent>(workflowCodec, customerEvents);
const isWorkflowRecord = (
  recorded: RecordedDomainEvent<ObservedEvent>,
): recorded is RecordedDomainEvent<WorkflowEvent> => workflowCodec.handles(recorded.event.type);

/**
 * Every order's workflow state, folded from the log by one catch-up subscription (the aggregates'
 * events and the saga's own stream). The log is folded from its start at each start of the
 * process, so the state and the timers it implies survive a restart without being written down.
 */
export const startWorkflowFold = (options: {
  client: EventStoreDBClient;
  policy: FulfilmentPolicy;
  idPrefix?: string;
  /**
   * Told of every event folded, in log order, and of the customers' account events (the fraud
   * features fold the same log, and read address changes from the accounts).
   */
  observe?: (recorded: RecordedDomainEvent<ObservedEvent>, orderId: string | undefined) => void;
  logger: Logger;
  metrics: Metrics;
  signal: AbortSignal;
}): WorkflowFold => {
  const { policy } = options;
  const states = new Map<string, Fulfilment>();
  // A completed order decides nothing more: only its id is kept, so memory follows open orders.
  const completed = new Set<string>();
  const dues = new Map<string, number>();
  const traces = new Map<string, string>();
  let reached: LogPosition | undefined;
  let waiting: { position: LogPosition; resolve: () => void }[] = [];

  const put = (orderId: string, state: Fulfilment) => {
    if (state.stage === 'completed') {
      completed.add(orderId);
      states.delete(orderId);
      dues.delete(orderId);
      traces.delete(orderId);
      return;
    }
    states.set(orderId, state);
    const due = state.stage === 'unstarted' ? undefined : nextDue(state, policy);
    if (due === undefined) dues.delete(orderId);
    else dues.set(orderId, due);
  };
  const apply = (orderId: string, input: FulfilmentInput) => {
    if (completed.has(orderId)) return;
    put(orderId, evolve(states.get(orderId) ?? initialState, input));
  };
  const isReached = (position: LogPosition) =>
    reached !== undefined && comparePositions(position, reached) <= 0;

  const { observe } = options;
  const runner = runCatchUp<ObservedEvent>({
    name: 'fulfilment-workflow',
    client: options.client,
    codec: observe === undefined ? workflowCodec : observedCodec,
    streamPrefixes: [
      ...inputStreamPrefixes(options.idPrefix),
      ...(observe === undefined ? [] : [`customer-${options.idPrefix ?? ''}`]),
    ],
    checkpoints: {
      load: () => Promise.resolve(undefined),
      save: (position) => {
        reached = position;
        const settled = waiting.filter((waiter) => isReached(waiter.position));
        waiting = waiting.filter((waiter) => !isReached(waiter.position));
        for (const waiter of settled) waiter.resolve();
        return Promise.resolve();
      },
    },
    handle: (batch) => {
      for (const recorded of batch) {
        if (!isWorkflowRecord(recorded)) {
          observe?.(recorded, undefined);
          continue;
        }
        const orderId = orderIdOf(recorded);
        if (orderId === undefined) continue;
        observe?.(recorded, orderId);
        apply(orderId, inputOf(recorded));
        const { traceparent } = recorded.metadata;
        if (traceparent !== undefined && !completed.has(orderId)) traces.set(orderId, traceparent);
      }
      return Promise.resolve();
    },
    logger: options.logger,
    metrics: options.metrics,
    signal: options.signal,
  });

  return {
    state: (orderId) => states.get(orderId) ?? initialState,
    isCompleted: (orderId) => completed.has(orderId),
    apply,
    reach: (position, timeoutMs) => {
      if (isReached(position)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting = waiting.filter((waiter) => waiter.resolve !== done);
          reject(new Error(`the workflow fold did not reach ${JSON.stringify(position)} in time`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        waiting.push({ position, resolve: done });
      });
    },
    traceOf: (orderId) => traces.get(orderId),
    due: (now) =>
      [...dues].filter(([, dueAt]) => dueAt <= now).map(([orderId, dueAt]) => ({ orderId, dueAt })),
    status: () => runner.status(),
    done: runner.done,
  };
};
