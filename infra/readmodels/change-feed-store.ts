import { componentLogger, type Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { ChangeFeed, ChangeListener } from './change-feed.ts';
import { RecentChanges } from './change-feed-replay.ts';
import { startRingReader, type RingReader } from './change-feed-reader.ts';
import { openChangeRing } from './change-feed-ring.ts';
import { createRingWriter } from './change-feed-writer.ts';
import type { ReadModelStore } from './store.ts';

export interface StoreChangeFeedOptions {
  /** The read-model store both sides share: MongoDB when projections run in another process. */
  readonly store: ReadModelStore;
  readonly collection?: string;
  /** Slots in the ring: how many batches a slow reader may fall behind before it loses some. */
  readonly slots?: number;
  /** Changes per slot at most (a bigger publish spans several). */
  readonly maxPerSlot?: number;
  /** How often a reader that has caught up looks for more. */
  readonly pollIntervalMs?: number;
  /** How often it looks while every listener is idle (e.g. no Socket.IO client connected). */
  readonly idlePollIntervalMs?: number;
  /** Changes kept in memory for `since`. */
  readonly retain?: number;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/**
 * The change feed across processes, through the read-model store: publishers write numbered
 * batches into a fixed ring of documents (`read_model_changes`, `slots` + 1 documents at most),
 * readers poll it by `_id` every `pollIntervalMs` (every `idlePollIntervalMs` while all their
 * listeners are idle). Why this and not a growing log collection:
 * FerretDB serves only lookups by `_id` without reading the whole collection, and has no change
 * streams or tailable cursors; why not the event store: it is the source of truth and these are
 * derived, fleeting documents; why not Kafka: it is optional (off in embedded mode), MongoDB is
 * there whenever the read models are shared. A process starts reading when something listens or
 * asks `since`, from the ring's head, after reading back the last slots for `since`.
 */
export const createStoreChangeFeed = (options: StoreChangeFeedOptions): ChangeFeed => {
  const logger = componentLogger(options.logger, 'change-feed');
  const ring = openChangeRing(
    options.store,
    options.collection ?? 'read_model_changes',
    options.slots ?? 4096,
  );
  const writer = createRingWriter(ring, { maxPerSlot: options.maxPerSlot ?? 100, logger });
  const listeners = new Map<ChangeListener, (() => boolean) | undefined>();
  const recent = new RecentChanges(options.retain ?? 10_000);
  const received = options.metrics.counter(
    'change_feed_received_total',
    'Read-model changes this process read from the shared change feed',
  );
  const controller = new AbortController();
  let reader: RingReader | undefined;

  const follow = (): RingReader => {
    reader ??= startRingReader(ring, {
      pollIntervalMs: options.pollIntervalMs ?? 25,
      idlePollIntervalMs: options.idlePollIntervalMs ?? 1_000,
      idle: () => [...listeners.values()].every((idle) => idle?.() === true),
      backfillSlots: Math.ceil((options.retain ?? 10_000) / 10),
      deliver(changes) {
        recent.push(changes);
        received.inc(changes.length);
        for (const listener of listeners.keys()) {
          try {
            listener(changes);
          } catch (error) {
            logger.error({ err: error }, 'a change listener failed');
          }
        }
      },
      backfill: (changes) => {
        recent.prepend(changes);
      },
      logger,
      metrics: options.metrics,
      signal: controller.signal,
    });
    return reader;
  };

  return {
    publish: (changes) => writer.write(changes),
    listen(listener, { idle } = {}) {
      listeners.set(listener, idle);
      follow();
      return () => listeners.delete(listener);
    },
    async since(position) {
      await follow().backfilled;
      return recent.since(position);
    },
    async close() {
      controller.abort();
      listeners.clear();
      await Promise.all([writer.drain(), reader?.done]);
    },
  };
};
