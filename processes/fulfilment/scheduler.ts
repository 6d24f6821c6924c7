import { sleep } from '../../infra/eventstore/backoff.ts';
import type { Logger } from '../../infra/logger.ts';
import { contextOfTraceparent, inSpan } from '../../infra/telemetry/tracing.ts';
import type { Metrics } from '../../infra/metrics.ts';
import type { Clock } from '../ports/clock.ts';
import type { WorkflowFold } from './fold.ts';
import type { WorkflowRunner } from './runner.ts';

export interface TimerScheduler {
  /** Acts on every timer due by the clock; resolves with how many led to a command. */
  tick(): Promise<number>;
  readonly done: Promise<void>;
}

/**
 * The saga's timers by state, computed at scrape time: pending, due by now, and overdue (due 5 s
 * or more ago and not yet acted on: the scheduler is behind or failing). Registered where the
 * scheduler runs (the processes role).
 */
export const timerMetrics = (
  metrics: Metrics,
  count: () => { pending: number; due: number; overdue: number },
): void => {
  const timers = metrics.gauge(
    'fulfilment_timers',
    'Saga timers of the open orders, by state (pending, due, overdue)',
    ['state'],
    () => {
      for (const [state, value] of Object.entries(count())) timers.set({ state }, value);
    },
  );
};

/**
 * Fires the timers the workflow's state implies (timers.ts): each due one is a clock input to its
 * order's workflow. Nothing is stored: the fold derives the timers again after a restart, and a
 * timer acted on twice sends commands the receivers already have.
 */
export const startScheduler = (options: {
  fold: WorkflowFold;
  runner: WorkflowRunner;
  clock: Clock;
  /** How often due timers are fired; 0 leaves it to `tick()` (tests move the clock and tick). */
  intervalMs: number;
  logger: Logger;
  metrics: Metrics;
  signal: AbortSignal;
}): TimerScheduler => {
  const { fold, runner, clock, logger, signal } = options;
  const firedTotal = options.metrics.counter('fulfilment_timers_fired_total', 'Saga timers fired');
  timerMetrics(options.metrics, () => {
    const now = clock.now().getTime();
    const due = fold.due(now);
    return {
      pending: fold.due(Number.MAX_SAFE_INTEGER).length - due.length,
      due: due.length,
      overdue: due.filter(({ dueAt }) => dueAt <= now - 5_000).length,
    };
  });
  // The due time each order's timer was last acted on, so it is acted on once until it changes.
  const fired = new Map<string, number>();

  const tickOnce = async (): Promise<number> => {
    // While the log is still being folded, a timer may look due that its order has overtaken.
    if (fold.status().state !== 'live') return 0;
    const now = clock.now();
    const due = fold
      .due(now.getTime())
      .filter(({ orderId, dueAt }) => fired.get(orderId) !== dueAt);
    const input = { kind: 'clock' as const, at: now.toISOString() };
    const results = await Promise.allSettled(
      due.map(async ({ orderId, dueAt }) => {
        // The timer's commands continue the trace of the event that set it.
        const sent = await inSpan(
          {
            name: 'timer due',
            parent: contextOfTraceparent(fold.traceOf(orderId)),
            attributes: { 'order_ledger.order_id': orderId },
          },
          () => runner.run(orderId, input),
        );
        fired.set(orderId, dueAt);
        return sent;
      }),
    );
    let count = 0;
    for (const [index, result] of results.entries()) {
      if (result.status === 'fulfilled') {
        if (result.value > 0) count += 1;
        continue;
      }
      // Not marked fired: the next tick tries again.
      logger.warn({ err: result.reason, timer: due[index] }, 'could not act on a timer');
    }
    firedTotal.inc(count);
    return count;
  };
  let ticking: Promise<number> | undefined;
  const tick = (): Promise<number> => {
    ticking ??= tickOnce().finally(() => {
      ticking = undefined;
    });
    return ticking;
  };

  const loop = (async () => {
    if (options.intervalMs <= 0) return;
    while (!signal.aborted) {
      await tick();
      await sleep(options.intervalMs, signal);
    }
  })();
  return { tick, done: loop };
};
