import {
  PARK,
  PersistentSubscriptionMaximumSubscribersReachedError,
  RETRY,
  type EventStoreDBClient,
  type PersistentSubscriptionToAllResolvedEvent,
  type PersistentSubscriptionToStreamResolvedEvent,
} from '@eventstore/db-client';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import { createAckBatch } from './ack-batch.ts';
import { backoffDelay, sleep } from './backoff.ts';
import type { DomainEvent, EventCodec } from './codec.ts';
import { KeyedPool } from './keyed-pool.ts';
import { ensureGroup, type GroupSettings, type GroupSource } from './persistent-group.ts';
import { decodeResolved, type RecordedDomainEvent } from './recorded.ts';
import type { RunnerStatus } from './runner-status.ts';
import { handleTraced, inEventLogContext } from './subscription-tracing.ts';
import { UnreadableEvent, unreadableEvents } from './unreadable-event.ts';

type Delivered =
  PersistentSubscriptionToAllResolvedEvent | PersistentSubscriptionToStreamResolvedEvent;

/** An event the runner parked, for whoever must hear of it (e.g. the dead-letter topic). */
export interface ParkedEvent {
  readonly group: string;
  readonly eventId: string;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  readonly reason: string;
  readonly retryCount: number;
  /** From the event's metadata when it could be read (a poison event's may not). */
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly schemaVersion?: number;
}

export interface PersistentOptions<E extends DomainEvent> {
  readonly group: string;
  readonly client: EventStoreDBClient;
  readonly codec: EventCodec<E>;
  readonly source: GroupSource;
  /** Group settings; `maxRetryCount` decides when a transient failure is parked after all. */
  readonly settings: GroupSettings;
  readonly handle: (
    event: RecordedDomainEvent<E>,
    context: { retryCount: number },
  ) => Promise<void>;
  /** Whether retrying could ever help. Default: UnreadableEvent and errors marked poison never can. */
  readonly isPoison?: (error: unknown) => boolean;
  /** Events in flight at once; events with the same key (default: stream) keep their order. */
  readonly concurrency?: number;
  readonly keyOf?: (event: { readonly streamId: string; readonly metadata: unknown }) => string;
  /**
   * `key` (default): an event waits for the earlier events with its key to be settled.
   * `arrival`: no waiting by key; `handle` is called in arrival order (synchronously up to its
   * first await), so a handler can keep order itself, e.g. by queueing events for one batch.
   */
  readonly ordering?: 'key' | 'arrival';
  readonly bufferSize?: number;
  /**
   * Told of every parked event before the park is sent to the server, so a crash in between
   * means a second report rather than none. Its failures are logged; the event is parked anyway.
   */
  readonly onParked?: (parked: ParkedEvent) => Promise<void>;
  /**
   * How often a consumer turned away because the group has `maxSubscriberCount` consumers asks
   * again (default 1 s). Such a consumer is a quiet standby, not a failure.
   */
  readonly standbyPollMs?: number;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly signal: AbortSignal;
}

export interface PersistentRunner {
  status(): RunnerStatus;
  readonly done: Promise<void>;
}

/** An error whose cause retrying cannot fix (bad data, a refused business rule). */
export const isMarkedPoison = (error: unknown): boolean =>
  error instanceof UnreadableEvent ||
  (error instanceof Error && 'poison' in error && error.poison === true);

const textOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** What can be said of a parked event's metadata without trusting it. */
const knownMetadata = (metadata: unknown) => {
  if (typeof metadata !== 'object' || metadata === null) return {};
  const fields = metadata as Record<string, unknown>;
  const correlationId = textOf(fields.$correlationId);
  const causationId = textOf(fields.$causationId);
  const version = fields.schemaVersion;
  return {
    ...(correlationId === undefined ? {} : { correlationId }),
    ...(causationId === undefined ? {} : { causationId }),
    ...(Number.isInteger(version) ? { schemaVersion: version as number } : {}),
  };
};

/**
 * Consumes one persistent subscription group for ever as a competing consumer: acks what was
 * handled, nacks transient failures for a retry after a backoff, parks poison at once (and what
 * still fails after `maxRetryCount` retries), and resubscribes with backoff when dropped. A
 * consumer the group turns away (`maxSubscriberCount` reached) waits as a standby and asks again.
 * Once the signal aborts, a failed event is left unsettled: the server redelivers it.
 */
export const runPersistent = <E extends DomainEvent>(
  options: PersistentOptions<E>,
): PersistentRunner => {
  const { group, client, codec, signal } = options;
  const log = options.logger.child({ group });
  const unreadable = unreadableEvents(options.metrics);
  const isPoison = options.isPoison ?? isMarkedPoison;
  const maxRetries = options.settings.maxRetryCount ?? 10;
  // The backoff must end well before the server's message timeout redelivers the event anyway.
  const maxBackoff = Math.max(50, Math.floor((options.settings.messageTimeout ?? 30_000) / 3));
  const outcomes = options.metrics.counter(
    'persistent_events_total',
    'Events seen by persistent subscription consumers',
    ['group', 'outcome'],
  );

  let status: RunnerStatus = {
    name: group,
    state: 'starting',
    position: undefined,
    handled: 0,
    poison: 0,
    lastError: undefined,
  };
  const update = (change: Partial<RunnerStatus>) => {
    status = { ...status, ...change };
  };

  const park = async (
    delivered: Delivered,
    reason: string,
    nack: (why: string) => Promise<void>,
  ) => {
    const recorded = delivered.event;
    if (recorded && options.onParked) {
      try {
        await options.onParked({
          group,
          eventId: recorded.id,
          stream: recorded.streamId,
          revision: Number(recorded.revision),
          type: recorded.type,
          reason,
          retryCount: delivered.retryCount,
          ...knownMetadata(recorded.metadata),
        });
      } catch (error) {
        log.error({ err: error, eventId: recorded.id }, 'could not report a parked event');
      }
    }
    await nack(reason);
    update({ poison: status.poison + 1 });
    outcomes.inc({ group, outcome: 'parked' });
    log.error({ eventId: recorded?.id, stream: recorded?.streamId, reason }, 'parked an event');
  };

  const process = async (
    delivered: Delivered,
    settle: {
      ack(): Promise<void>;
      nack(action: typeof PARK | typeof RETRY, why: string): Promise<void>;
    },
  ) => {
    const recorded = delivered.event;
    if (!recorded || !codec.handles(recorded.type)) {
      await settle.ack();
      outcomes.inc({ group, outcome: 'ignored' });
      return;
    }
    try {
      const decoded = decodeResolved(delivered, codec);
      await handleTraced(group, decoded, delivered.retryCount, () =>
        options.handle(decoded, { retryCount: delivered.retryCount }),
      );
      await settle.ack();
      update({ handled: status.handled + 1, position: decoded.position, lastError: undefined });
      outcomes.inc({ group, outcome: 'acked' });
    } catch (error) {
      // Stopping: neither retry nor park; the server hands the event out again.
      if (signal.aborted) return;
      const reason = error instanceof Error ? error.message : String(error);
      update({ lastError: reason });
      // The delivered event, or one in a stream its handler folded: either way it is parked below.
      if (error instanceof UnreadableEvent)
        unreadable.report(error, 'persistent', log, { outcome: 'parked', parkedId: recorded.id });
      if (isPoison(error) || delivered.retryCount >= maxRetries) {
        await park(delivered, reason, (why) => settle.nack(PARK, why));
        return;
      }
      outcomes.inc({ group, outcome: 'retried' });
      log.warn(
        { err: error, eventId: recorded.id, retryCount: delivered.retryCount },
        'handler failed; will retry',
      );
      await sleep(Math.min(maxBackoff, backoffDelay(delivered.retryCount, 100)), signal);
      await settle.nack(RETRY, reason);
    }
  };

  let standingBy = false;
  const subscribeOnce = async () => {
    await ensureGroup(client, group, options.source, options.settings);
    const bufferSize = options.bufferSize ?? 32;
    const subscription =
      options.source.kind === 'all'
        ? client.subscribeToPersistentSubscriptionToAll(group, { bufferSize })
        : client.subscribeToPersistentSubscriptionToStream(options.source.stream, group, {
            bufferSize,
          });
    const abort = () => void subscription.unsubscribe();
    signal.addEventListener('abort', abort, { once: true });
    // Live once the server confirms (or delivers): a standby turned away never was.
    const admitted = () => {
      if (status.state === 'live') return;
      if (standingBy) log.info('the group let this consumer in; it is active now');
      standingBy = false;
      update({ state: 'live', lastError: undefined });
    };
    subscription.once('confirmation', admitted);
    const acks = createAckBatch<Delivered>((events) => subscription.ack(...events));
    const pool = new KeyedPool(options.concurrency ?? 1, (error: unknown) => {
      log.error({ err: error }, 'could not settle an event; the server will redeliver it');
    });
    let arrivals = 0;
    try {
      for await (const delivered of subscription as AsyncIterable<Delivered>) {
        admitted();
        const recorded = delivered.event;
        const key =
          options.ordering === 'arrival'
            ? `#${arrivals++}`
            : recorded
              ? (options.keyOf?.(recorded) ?? recorded.streamId)
              : '';
        await pool.submit(key, () =>
          inEventLogContext(recorded, () =>
            process(delivered, {
              ack: () => acks.add(delivered),
              nack: (action, why) => subscription.nack(action, why, delivered),
            }),
          ),
        );
        if (signal.aborted) break;
      }
    } finally {
      signal.removeEventListener('abort', abort);
      await pool.drain();
    }
  };

  const standBy = async () => {
    update({ state: 'standby', lastError: undefined });
    if (!standingBy) log.info('another consumer holds the group; waiting as a standby');
    standingBy = true;
    await sleep(options.standbyPollMs ?? 1_000, signal);
  };

  // A call, not a property read: TypeScript would keep `signal.aborted` narrowed across awaits.
  const stopped = () => signal.aborted;
  const done = (async () => {
    for (let attempt = 0; !signal.aborted; attempt++) {
      try {
        await subscribeOnce();
        attempt = 0;
      } catch (error) {
        if (stopped()) break;
        if (error instanceof PersistentSubscriptionMaximumSubscribersReachedError) {
          await standBy();
          attempt = -1;
          continue;
        }
        update({
          state: 'retrying',
          lastError: error instanceof Error ? error.message : String(error),
        });
        log.warn({ err: error, attempt }, 'persistent subscription dropped; resubscribing');
      }
      await sleep(backoffDelay(attempt, 200), signal);
    }
    update({ state: 'stopped' });
  })();

  return { status: () => status, done };
};
