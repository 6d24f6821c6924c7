import {
  START,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import { backoffDelay, sleep } from './backoff.ts';
import { batches } from './batching.ts';
import type { DomainEvent, EventCodec } from './codec.ts';
import {
  decodeResolved,
  PoisonEvent,
  toClientPosition,
  toLogPosition,
  type LogPosition,
  type RecordedDomainEvent,
} from './recorded.ts';
import type { RunnerStatus } from './runner-status.ts';

/** Where a catch-up subscriber keeps its place in `$all`. */
export interface CheckpointStore {
  load(): Promise<LogPosition | undefined>;
  save(position: LogPosition): Promise<void>;
}

export interface CatchUpOptions<E extends DomainEvent> {
  readonly name: string;
  readonly client: EventStoreDBClient;
  readonly codec: EventCodec<E>;
  /** Server-side filter: only streams whose names start with one of these. */
  readonly streamPrefixes: readonly string[];
  readonly checkpoints: CheckpointStore;
  /** Handles events in `$all` order; the runner saves the checkpoint after it returns. */
  readonly handle: (batch: readonly RecordedDomainEvent<E>[]) => Promise<void>;
  readonly maxBatch?: number;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly signal: AbortSignal;
}

export interface CatchUpRunner {
  status(): RunnerStatus;
  /** Settles when the signal aborts and the runner has stopped. */
  readonly done: Promise<void>;
}

/**
 * Runs one catch-up subscription to `$all` from its checkpoint, for ever: batches while catching
 * up, event by event when live, retries the handler with backoff on failure (the same batch, so
 * nothing is skipped), resubscribes after the connection drops, and counts undecodable events
 * as poison (logged, skipped) rather than stopping every read model behind one bad event.
 */
export const runCatchUp = <E extends DomainEvent>(options: CatchUpOptions<E>): CatchUpRunner => {
  const { name, client, codec, checkpoints, logger, signal } = options;
  const log = logger.child({ subscription: name });
  const handledTotal = options.metrics.counter(
    'catchup_events_handled_total',
    'Events handled by catch-up subscriptions',
    ['subscription'],
  );
  const failures = options.metrics.counter(
    'catchup_failures_total',
    'Handler or connection failures in catch-up subscriptions',
    ['subscription', 'kind'],
  );
  const positionGauge = options.metrics.gauge(
    'catchup_commit_position',
    'Last $all commit position handled',
    ['subscription'],
  );

  let status: RunnerStatus = {
    name,
    state: 'starting',
    position: undefined,
    handled: 0,
    poison: 0,
    lastError: undefined,
  };
  const update = (change: Partial<RunnerStatus>) => {
    status = { ...status, ...change };
  };
  // Read through functions: both change behind TypeScript's back (callbacks, other tasks).
  const current = (): RunnerStatus => status;
  const stopped = (): boolean => signal.aborted;

  const handleWithRetry = async (batch: RecordedDomainEvent<E>[], last: LogPosition) => {
    for (let attempt = 0; !signal.aborted; attempt++) {
      try {
        if (batch.length > 0) await options.handle(batch);
        await checkpoints.save(last);
        update({ position: last, handled: status.handled + batch.length, lastError: undefined });
        handledTotal.inc({ subscription: name }, batch.length);
        positionGauge.set({ subscription: name }, last.commit);
        return;
      } catch (error) {
        failures.inc({ subscription: name, kind: 'handler' });
        update({ state: 'retrying', lastError: describe(error) });
        log.warn({ err: error, attempt }, 'handler failed; retrying the same batch');
        await sleep(backoffDelay(attempt), signal);
      }
    }
  };

  const subscribeOnce = async () => {
    const from = status.position ?? (await checkpoints.load());
    const phase = { live: false };
    update({ state: 'catching-up', position: from });
    const subscription = client.subscribeToAll({
      fromPosition: from ? toClientPosition(from) : START,
      filter: streamNameFilter({
        prefixes: [...options.streamPrefixes],
        checkpointInterval: 32,
        // The marker joins the subscription's own buffer, behind the events before it, so the
        // checkpoint is saved only once they have been handled.
        checkpointReached: (reached, position) => {
          reached.push({ checkpoint: toLogPosition(position) } satisfies CheckpointMarker);
        },
      }),
    });
    subscription.on('caughtUp', () => {
      phase.live = true;
      update({ state: 'live' });
    });
    subscription.on('fellBehind', () => {
      phase.live = false;
      update({ state: 'catching-up' });
    });
    const abort = () => void subscription.unsubscribe();
    signal.addEventListener('abort', abort, { once: true });
    try {
      for await (const items of batches<Item>(subscription, options.maxBatch ?? 500)) {
        const decoded: RecordedDomainEvent<E>[] = [];
        let last: LogPosition | undefined;
        for (const item of items) {
          if ('checkpoint' in item) {
            last = item.checkpoint;
            continue;
          }
          if (!item.event) continue;
          last = toLogPosition(item.event.position);
          if (!codec.handles(item.event.type)) continue;
          try {
            decoded.push(decodeResolved(item, codec));
          } catch (error) {
            if (!(error instanceof PoisonEvent)) throw error;
            update({ poison: status.poison + 1 });
            failures.inc({ subscription: name, kind: 'poison' });
            log.error({ err: error }, 'skipping an event that cannot be read');
          }
        }
        if (last !== undefined) await handleWithRetry(decoded, last);
        if (current().state === 'retrying') update({ state: phase.live ? 'live' : 'catching-up' });
        if (stopped()) break;
      }
    } finally {
      signal.removeEventListener('abort', abort);
    }
  };

  const done = (async () => {
    for (let attempt = 0; !signal.aborted; attempt++) {
      try {
        await subscribeOnce();
        attempt = 0;
      } catch (error) {
        if (stopped()) break;
        failures.inc({ subscription: name, kind: 'connection' });
        update({ state: 'retrying', lastError: describe(error) });
        log.warn({ err: error, attempt }, 'subscription dropped; resubscribing');
      }
      await sleep(backoffDelay(attempt, 200), signal);
    }
    update({ state: 'stopped' });
  })();

  return { status: () => status, done };
};

interface CheckpointMarker {
  readonly checkpoint: LogPosition;
}
type Item = AllStreamResolvedEvent | CheckpointMarker;

const describe = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
