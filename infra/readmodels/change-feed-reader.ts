import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { ReadModelChange } from './change-feed.ts';
import type { ChangeRing, Slot } from './change-feed-ring.ts';

export interface RingReaderOptions {
  readonly pollIntervalMs: number;
  /** While `idle()` says so, the ring is read only this often (still in order, nothing lost). */
  readonly idlePollIntervalMs?: number;
  readonly idle?: () => boolean;
  /** Slots read back at start for `since`, so a restarted API can still replay. */
  readonly backfillSlots: number;
  readonly deliver: (changes: readonly ReadModelChange[]) => void;
  /** Called once with what was read back, oldest first. */
  readonly backfill: (changes: readonly ReadModelChange[]) => void;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly signal: AbortSignal;
}

export interface RingReader {
  /** Settles once the slots before the start have been read back. */
  readonly backfilled: Promise<void>;
  /** Settles once the signal aborted and the reader stopped. */
  readonly done: Promise<void>;
}

const maxWindow = 32;
const maxRetryMs = 2_000;

/**
 * Follows the ring from its head on: polls the head, reads the slots up to it by number (up to
 * 32 at once) and hands their changes over in order. A slot holding a later number than the one
 * expected means the writers lapped this reader: what was overwritten is lost (logged, counted).
 * A failed read is tried again, with backoff, from the same number.
 */
export const startRingReader = (ring: ChangeRing, options: RingReaderOptions): RingReader => {
  const { logger, signal } = options;
  const lost = options.metrics.counter(
    'change_feed_lost_batches_total',
    'Batches of read-model changes overwritten in the ring before this process read them',
  );
  const pause = (ms: number) => sleep(ms, undefined, { signal }).catch(() => undefined);
  const unreadable = options.metrics.counter(
    'change_feed_unreadable_batches_total',
    'Batches of read-model changes in the ring that could not be decoded',
  );

  /**
   * Reads what the head says follows `last`; returns the new last number and whether to read
   * again at once. The head is written after the slots it counts, so every slot up to it is
   * there to read, and a reader that has caught up reads one small document per poll.
   */
  const step = async (last: number): Promise<[number, boolean]> => {
    const head = await ring.head();
    if (head < last) {
      // Behind us, with our last slot gone: the collection was emptied, writers began again.
      if ((await ring.read(last)) !== undefined) return [last, false];
      logger.warn({ head, last }, 'the change ring started again; following it from its start');
      return [0, true];
    }
    const count = Math.min(head - last, maxWindow);
    const wanted = Array.from({ length: count }, (_, index) => last + 1 + index);
    for (const slot of await Promise.all(wanted.map((seq) => ring.peek(seq)))) {
      const seq = last + 1;
      if (slot !== undefined && slot.seq > seq) {
        // Overwritten by a later lap: the oldest number still there is at least this far on.
        const resume = slot.seq - ring.size + 1;
        lost.inc(resume - seq);
        logger.warn({ from: seq, to: resume - 1 }, 'fell a lap behind the change ring');
        return [resume - 1, true];
      }
      if (slot?.seq !== seq) break;
      if ('changes' in slot) options.deliver(slot.changes);
      else {
        unreadable.inc();
        logger.error(
          { seq, reason: slot.unreadable },
          'skipping a batch of changes it cannot read',
        );
      }
      last = seq;
    }
    return [last, last < head];
  };

  /** Waits for the next poll: the poll interval, or while idle up to the idle one. */
  const rest = async () => {
    const since = Date.now();
    const idleMs = options.idlePollIntervalMs ?? options.pollIntervalMs;
    do await pause(options.pollIntervalMs);
    while (!signal.aborted && options.idle?.() === true && Date.now() - since < idleMs);
  };

  const start = retrying(() => ring.head(), options, pause);
  const backfilled = start.then((last) =>
    last === undefined ? undefined : readBack(ring, last, options),
  );
  const done = (async () => {
    let last = await start;
    if (last === undefined) return;
    for (let failures = 0; !signal.aborted;) {
      try {
        const [now, again] = await step(last);
        last = now;
        failures = 0;
        if (!again) await rest();
      } catch (error) {
        failures++;
        logger.warn({ err: error, failures }, 'could not read the change ring; trying again');
        await pause(Math.min(maxRetryMs, options.pollIntervalMs * 2 ** failures));
      }
    }
    await backfilled;
  })();
  return { backfilled, done };
};

const retrying = async <T>(
  read: () => Promise<T>,
  { logger, signal, pollIntervalMs }: RingReaderOptions,
  pause: (ms: number) => Promise<unknown>,
): Promise<T | undefined> => {
  for (let failures = 1; !signal.aborted; failures++) {
    try {
      return await read();
    } catch (error) {
      logger.warn({ err: error, failures }, 'could not read the change ring head; trying again');
      await pause(Math.min(maxRetryMs, pollIntervalMs * 2 ** failures));
    }
  }
  return undefined;
};

/** Reads the slots up to `last` backwards, a few at a time, for `since`; stops at the first gap. */
const readBack = async (ring: ChangeRing, last: number, options: RingReaderOptions) => {
  const first = Math.max(1, last - Math.min(options.backfillSlots, ring.size - 1) + 1);
  const slots: Slot[] = [];
  try {
    for (let end = last; end >= first && !options.signal.aborted; end -= maxWindow) {
      const seqs = Array.from({ length: Math.min(maxWindow, end - first + 1) }, (_, i) => end - i);
      const found = await Promise.all(seqs.map((seq) => ring.read(seq)));
      const gap = found.findIndex((slot) => slot === undefined);
      slots.push(...found.slice(0, gap === -1 ? found.length : gap).flatMap((s) => s ?? []));
      if (gap !== -1) break;
    }
  } catch (error) {
    options.logger.warn({ err: error }, 'could not read back the change ring; since starts now');
  }
  options.backfill(slots.reverse().flatMap((slot) => ('changes' in slot ? slot.changes : [])));
};
