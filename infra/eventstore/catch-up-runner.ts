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
  comparePositions,
  decodeResolved,
  toClientPosition,
  toLogPosition,
  type LogPosition,
  type RecordedDomainEvent,
} from './recorded.ts';
import type { RunnerStatus } from './runner-status.ts';
import { handleBatchTraced } from './subscription-tracing.ts';
import { UnreadableEvent, unreadableEvents } from './unreadable-event.ts';

/** Where a catch-up subscriber keeps its place in `$all`. */
export interface CheckpointStore {
  load(): Promise<LogPosition | undefined>;
  save(position: LogPosition): Promise<void>;
}

/** One subscriber: what it wants of `$all`, where it is, and what it does with the events. */
export interface CatchUpMember<E extends DomainEvent> {
  readonly name: string;
  /** Server-side filter: only streams whose names start with one of these. */
  readonly streamPrefixes: readonly string[];
  readonly checkpoints: CheckpointStore;
  /** Handles events in `$all` order; the runner saves the checkpoint after it returns. */
  readonly handle: (batch: readonly RecordedDomainEvent<E>[]) => Promise<void>;
  /** Aborting it stops this subscriber (after the batch it is handling, if any). */
  readonly signal: AbortSignal;
}

export interface CatchUpGroupOptions<E extends DomainEvent> {
  readonly client: EventStoreDBClient;
  readonly codec: EventCodec<E>;
  readonly maxBatch?: number;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

export type CatchUpOptions<E extends DomainEvent> = CatchUpGroupOptions<E> & CatchUpMember<E>;

export interface CatchUpRunner {
  status(): RunnerStatus;
  /** Settles when the signal aborts and the runner has stopped. */
  readonly done: Promise<void>;
}

/**
 * Subscribers that join before `start()` share catch-up subscriptions to `$all`: every event is
 * read and decoded once for all of them, not once each. Those that resume from a checkpoint
 * share one, those that start from nothing another, so a subscriber new to a long log never holds
 * back those that are live. Each keeps its own checkpoint, status and metrics; one whose handler
 * fails is retried with backoff while the others of its subscription wait (they usually write to
 * the same store, which is what fails).
 */
export interface CatchUpGroup<E extends DomainEvent> {
  join(member: CatchUpMember<E>): CatchUpRunner;
  /** Starts the subscriptions of those who joined; a later `join` needs a new group. */
  start(): void;
}

/** Runs one catch-up subscription to `$all` for one subscriber, from its checkpoint, for ever. */
export const runCatchUp = <E extends DomainEvent>(options: CatchUpOptions<E>): CatchUpRunner => {
  const group = createCatchUpGroup(options);
  const runner = group.join(options);
  group.start();
  return runner;
};

interface Seat<E extends DomainEvent> {
  readonly member: CatchUpMember<E>;
  readonly log: Logger;
  status: RunnerStatus;
  /** Inside its handler (or retrying it): it stops once that is over. */
  busy: boolean;
  finished: boolean;
  finish(): void;
}

export const createCatchUpGroup = <E extends DomainEvent>(
  options: CatchUpGroupOptions<E>,
): CatchUpGroup<E> => {
  const { client, codec, logger } = options;
  const unreadable = unreadableEvents(options.metrics);
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
  const joined: Seat<E>[] = [];
  let started = false;

  const update = (seat: Seat<E>, change: Partial<RunnerStatus>) => {
    seat.status = { ...seat.status, ...change };
  };
  const finish = (seat: Seat<E>) => {
    if (seat.finished) return;
    seat.finished = true;
    update(seat, { state: 'stopped' });
    seat.finish();
  };

  const handleWithRetry = async (
    seat: Seat<E>,
    batch: readonly RecordedDomainEvent<E>[],
    last: LogPosition,
  ) => {
    const { name, signal } = seat.member;
    for (let attempt = 0; !signal.aborted; attempt++) {
      try {
        if (batch.length > 0) await handleBatchTraced(name, batch, () => seat.member.handle(batch));
        await seat.member.checkpoints.save(last);
        update(seat, {
          position: last,
          handled: seat.status.handled + batch.length,
          lastError: undefined,
        });
        handledTotal.inc({ subscription: name }, batch.length);
        positionGauge.set({ subscription: name }, last.commit);
        return;
      } catch (error) {
        failures.inc({ subscription: name, kind: 'handler' });
        update(seat, { state: 'retrying', lastError: describe(error) });
        seat.log.warn({ err: error, attempt }, 'handler failed; retrying the same batch');
        await sleep(backoffDelay(attempt), signal);
      }
    }
  };

  /** One shared subscription, for as long as one of its seats is running. */
  const share = async (seats: Seat<E>[]) => {
    const running = () => seats.filter((seat) => !seat.finished);
    const phase = { live: false };
    let stopCurrent: (() => void) | undefined;
    for (const seat of seats) {
      seat.member.signal.addEventListener(
        'abort',
        () => {
          if (!seat.busy) finish(seat);
          if (running().length === 0) stopCurrent?.();
        },
        { once: true },
      );
      if (seat.member.signal.aborted) finish(seat);
    }

    const subscribeOnce = async () => {
      const from = earliest(running().map((seat) => seat.status.position));
      const prefixes = [...new Set(running().flatMap((seat) => seat.member.streamPrefixes))];
      for (const seat of running()) update(seat, { state: 'catching-up' });
      const subscription = client.subscribeToAll({
        fromPosition: from === undefined ? START : toClientPosition(from),
        filter: streamNameFilter({
          prefixes,
          checkpointInterval: 32,
          // The marker joins the subscription's own buffer, behind the events before it, so the
          // checkpoint is saved only once they have been handled.
          checkpointReached: (reached, position) => {
            reached.push({ checkpoint: toLogPosition(position) } satisfies CheckpointMarker);
          },
        }),
      });
      const setPhase = (live: boolean) => {
        phase.live = live;
        for (const seat of running())
          if (seat.status.state !== 'retrying')
            update(seat, { state: live ? 'live' : 'catching-up' });
      };
      subscription.on('caughtUp', () => {
        setPhase(true);
      });
      subscription.on('fellBehind', () => {
        setPhase(false);
      });
      stopCurrent = () => void subscription.unsubscribe();
      try {
        for await (const items of batches<Item>(subscription, options.maxBatch ?? 500)) {
          const { decoded, poison, last } = decodeItems(items, codec);
          if (last === undefined) continue;
          for (const seat of running()) {
            const { position } = seat.status;
            if (position !== undefined && comparePositions(last, position) <= 0) continue;
            const wanted = (stream: string) =>
              seat.member.streamPrefixes.some((prefix) => stream.startsWith(prefix));
            // Skipped, never retried: the checkpoint moves past it with the rest of the batch.
            for (const bad of poison.filter((p) => wanted(p.stream))) {
              update(seat, { poison: seat.status.poison + 1 });
              failures.inc({ subscription: seat.member.name, kind: 'poison' });
              unreadable.report(bad, 'catch-up', seat.log, { outcome: 'skipped' });
            }
            const mine = decoded.filter(
              (event) =>
                wanted(event.stream) &&
                (position === undefined ||
                  event.position === undefined ||
                  comparePositions(event.position, position) > 0),
            );
            seat.busy = true;
            try {
              await handleWithRetry(seat, mine, last);
            } finally {
              seat.busy = false;
            }
            if (seat.member.signal.aborted) finish(seat);
            else if (seat.status.state === 'retrying')
              update(seat, { state: phase.live ? 'live' : 'catching-up' });
          }
          if (running().length === 0) break;
        }
      } finally {
        stopCurrent = undefined;
      }
    };

    for (let attempt = 0; running().length > 0; attempt++) {
      try {
        await subscribeOnce();
        attempt = 0;
      } catch (error) {
        if (running().length === 0) break;
        for (const seat of running()) {
          failures.inc({ subscription: seat.member.name, kind: 'connection' });
          update(seat, { state: 'retrying', lastError: describe(error) });
          seat.log.warn({ err: error, attempt }, 'subscription dropped; resubscribing');
        }
      }
      if (running().length > 0) await sleepUntilAllAbort(backoffDelay(attempt, 200), running());
    }
  };

  const begin = async (seats: Seat<E>[]) => {
    for (const seat of seats) {
      try {
        update(seat, { position: await seat.member.checkpoints.load() });
      } catch (error) {
        // Not knowing where it was, it cannot start anywhere: it is left stopped and says why.
        seat.log.error({ err: error }, 'could not load the checkpoint; not starting');
        update(seat, { lastError: describe(error) });
        finish(seat);
      }
    }
    const loaded = seats.filter((seat) => !seat.finished);
    const fresh = loaded.filter((seat) => seat.status.position === undefined);
    const resuming = loaded.filter((seat) => seat.status.position !== undefined);
    await Promise.all([fresh, resuming].filter((part) => part.length > 0).map(share));
  };

  return {
    join(member) {
      if (started) throw new Error('this catch-up group has started; join a new one');
      let finishSeat: () => void = () => undefined;
      const done = new Promise<void>((resolve) => {
        finishSeat = resolve;
      });
      const seat: Seat<E> = {
        member,
        log: logger.child({ subscription: member.name }),
        status: {
          name: member.name,
          state: 'starting',
          position: undefined,
          handled: 0,
          poison: 0,
          lastError: undefined,
        },
        busy: false,
        finished: false,
        finish: finishSeat,
      };
      joined.push(seat);
      return { status: () => seat.status, done };
    },
    start() {
      if (started) return;
      started = true;
      if (joined.length === 0) return;
      begin(joined).catch((error: unknown) => {
        logger.error({ err: error }, 'catch-up subscriptions stopped');
        for (const seat of joined) finish(seat);
      });
    },
  };
};

interface CheckpointMarker {
  readonly checkpoint: LogPosition;
}
type Item = AllStreamResolvedEvent | CheckpointMarker;

/** Decodes a batch once for every subscriber: the events, the unreadable ones, the last position. */
const decodeItems = <E extends DomainEvent>(items: readonly Item[], codec: EventCodec<E>) => {
  const decoded: RecordedDomainEvent<E>[] = [];
  const poison: UnreadableEvent[] = [];
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
      if (!(error instanceof UnreadableEvent)) throw error;
      poison.push(error);
    }
  }
  return { decoded, poison, last };
};

/** The earliest of the positions; undefined (the start of `$all`) if one of them is. */
const earliest = (positions: readonly (LogPosition | undefined)[]): LogPosition | undefined => {
  let first: LogPosition | undefined;
  for (const position of positions) {
    if (position === undefined) return undefined;
    if (first === undefined || comparePositions(position, first) < 0) first = position;
  }
  return first;
};

/** Sleeps `ms`, or less if every one of the seats is told to stop meanwhile. */
const sleepUntilAllAbort = async <E extends DomainEvent>(ms: number, seats: Seat<E>[]) => {
  const controller = new AbortController();
  const check = () => {
    if (seats.every((seat) => seat.member.signal.aborted)) controller.abort();
  };
  for (const seat of seats) seat.member.signal.addEventListener('abort', check, { once: true });
  check();
  try {
    await sleep(ms, controller.signal);
  } finally {
    for (const seat of seats) seat.member.signal.removeEventListener('abort', check);
  }
};

const describe = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
