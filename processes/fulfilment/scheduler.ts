import type { EventStoreDBClient } from '@eventstore/db-client';
import { fulfilmentStream, parseFulfilmentStream } from '../../domain/streams.ts';
import { sleep } from '../../infra/eventstore/backoff.ts';
import { runCatchUp } from '../../infra/eventstore/catch-up-runner.ts';
import type { EventCodec } from '../../infra/eventstore/codec.ts';
import { deterministicId } from '../../infra/eventstore/ids.ts';
import type { LogPosition, RecordedDomainEvent } from '../../infra/eventstore/recorded.ts';
import type { RunnerStatus } from '../../infra/eventstore/runner-status.ts';
import type { Logger } from '../../infra/logger.ts';
import type { Metrics } from '../../infra/metrics.ts';
import type { Clock } from '../ports/clock.ts';
import type { TimerCancelled, TimerScheduled } from './events-decided.ts';
import type { TimerFired } from './events-requests.ts';
import { sagaEvents } from './events.ts';
import { sagaStreamPrefix } from './inputs.ts';
import { contextOf, metadataOf, schedulerActor } from './saga-handler.ts';
import type { SagaCommandHandler } from './saga-handler.ts';

type TimerEvent = TimerScheduled | TimerCancelled | TimerFired;
const timerTypes: readonly string[] = ['TimerScheduled', 'TimerCancelled', 'TimerFired'];

const timerCodec: EventCodec<TimerEvent> = {
  handles: (type) => timerTypes.includes(type),
  parse: (type, schemaVersion, data) => {
    const event = sagaEvents.parse(type, schemaVersion, data);
    if (
      event.type === 'TimerScheduled' ||
      event.type === 'TimerCancelled' ||
      event.type === 'TimerFired'
    )
      return event;
    throw new Error(`${type} is not a timer event`);
  },
  currentVersion: (type) => sagaEvents.currentVersion(type),
};

export type PendingTimer = {
  readonly orderId: string;
  readonly timerId: string;
  readonly fireAt: number;
  /** The TimerScheduled event: the cause of the firing. */
  readonly scheduledBy: string;
};

export interface SchedulerOptions {
  readonly client: EventStoreDBClient;
  readonly saga: SagaCommandHandler;
  readonly clock: Clock;
  /** Only sagas of orders whose id starts with it (see inputStreamPrefixes). */
  readonly idPrefix?: string;
  /** How often due timers are fired; 0 leaves it to `tick()` (tests move the clock and tick). */
  readonly intervalMs?: number;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly signal: AbortSignal;
}

export interface TimerScheduler {
  /** Fires every timer due by the clock; resolves with how many were fired. */
  tick(): Promise<number>;
  pending(): PendingTimer[];
  status(): RunnerStatus;
  readonly done: Promise<void>;
}

/**
 * Durable timers: they are TimerScheduled events in the saga streams. A catch-up subscription
 * rebuilds the pending ones from the log at every start, so timers survive restarts; firing one
 * is a FireTimer command on its saga, which a second scheduler (or a second tick) cannot repeat.
 */
export const startScheduler = (options: SchedulerOptions): TimerScheduler => {
  const { saga, clock, logger, signal } = options;
  const pending = new Map<string, PendingTimer>();
  const fired = options.metrics.counter('fulfilment_timers_fired_total', 'Saga timers fired');
  const keyOf = (orderId: string, timerId: string) => `${orderId}\u0000${timerId}`;

  const learn = (recorded: RecordedDomainEvent<TimerEvent>) => {
    const orderId = parseFulfilmentStream(recorded.stream);
    if (orderId === undefined) return;
    const { event } = recorded;
    const key = keyOf(orderId, event.data.timerId);
    if (event.type !== 'TimerScheduled') {
      pending.delete(key);
      return;
    }
    const fireAt = Date.parse(event.data.fireAt);
    pending.set(key, { orderId, timerId: event.data.timerId, fireAt, scheduledBy: recorded.id });
  };

  // The timers are rebuilt from the log at each start, so the place in it is only kept in memory.
  let position: LogPosition | undefined;
  const runner = runCatchUp({
    name: 'fulfilment-timers',
    client: options.client,
    codec: timerCodec,
    streamPrefixes: [sagaStreamPrefix(options.idPrefix)],
    checkpoints: {
      load: () => Promise.resolve(position),
      save: (reached) => {
        position = reached;
        return Promise.resolve();
      },
    },
    handle: (batch) => {
      for (const recorded of batch) learn(recorded);
      return Promise.resolve();
    },
    logger,
    metrics: options.metrics,
    signal,
  });

  const fire = async (timer: PendingTimer): Promise<boolean> => {
    const { orderId, timerId } = timer;
    const now = clock.now();
    const commandId = deterministicId('fire-timer', orderId, timerId);
    const cause = {
      orderId,
      causationId: timer.scheduledBy,
      commandId,
      actor: schedulerActor,
      now,
    };
    const command = { type: 'FireTimer' as const, data: { timerId }, metadata: metadataOf(cause) };
    const result = await saga.handle(fulfilmentStream(orderId), command, contextOf(cause));
    pending.delete(keyOf(orderId, timerId));
    return result.events.length > 0;
  };

  let ticking: Promise<number> | undefined;
  const tickOnce = async (): Promise<number> => {
    const now = clock.now().getTime();
    const due = [...pending.values()].filter((timer) => timer.fireAt <= now);
    const results = await Promise.allSettled(due.map(fire));
    let count = 0;
    for (const [index, result] of results.entries()) {
      if (result.status === 'fulfilled') {
        if (result.value) count += 1;
        continue;
      }
      // Left pending: the next tick tries again.
      logger.warn({ err: result.reason, timer: due[index] }, 'could not fire a timer');
    }
    fired.inc(count);
    return count;
  };
  const tick = (): Promise<number> => {
    ticking ??= tickOnce().finally(() => {
      ticking = undefined;
    });
    return ticking;
  };

  const interval = options.intervalMs ?? 250;
  const loop = (async () => {
    if (interval <= 0) return;
    while (!signal.aborted) {
      // While the log is still being replayed, a timer may look pending that has already fired.
      if (runner.status().state === 'live') await tick();
      await sleep(interval, signal);
    }
  })();

  return {
    tick,
    pending: () => [...pending.values()],
    status: () => runner.status(),
    done: Promise.all([runner.done, loop]).then(() => undefined),
  };
};
