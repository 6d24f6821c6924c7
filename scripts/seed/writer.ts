import type { EventStore } from '../../infra/eventstore/event-store.ts';
import { CausalScheduler } from './causal-scheduler.ts';
import type { AppendGroup } from './causal-scheduler.ts';
import { AppendOrder, writeGroupedChunk } from './grouped-writer.ts';
import type { SeedEvent } from './seed-event.ts';
import { seedCodec } from './seed-event.ts';

export type LogOrder = 'causal' | 'grouped';

export type WriterOptions = {
  readonly store: Pick<EventStore, 'append'>;
  /**
   * Events per chunk: how far the history is made ahead of what is stored (at most `ahead`
   * chunks) and how often progress is told.
   */
  readonly chunkSize?: number;
  /** Chunks made and not yet stored, at most (causal order). */
  readonly ahead?: number;
  /** Appends in flight at once. */
  readonly concurrency?: number;
  /** 'causal' (the default): each order's events in `$all` as they happened; 'grouped': faster. */
  readonly logOrder?: LogOrder;
  /** Told after each chunk's worth of events is stored: events and orders placed in them. */
  readonly onChunk?: (events: number, orders: number) => void;
};

type Written = { events: number; appends: number };

const appendTo =
  (store: WriterOptions['store']): AppendGroup =>
  (stream, events, expected) =>
    store.append(
      stream,
      events.map(({ event, metadata, id }) => ({ event, metadata, id })),
      seedCodec,
      expected,
    );

/** Counts stored events and tells `onChunk` every `chunkSize` of them, and the rest at the end. */
const progressOf = (chunkSize: number, onChunk: WriterOptions['onChunk']) => {
  let events = 0;
  let orders = 0;
  let total = 0;
  const tell = () => {
    if (events > 0) onChunk?.(events, orders);
    events = 0;
    orders = 0;
  };
  return {
    stored: (stored: readonly SeedEvent[]) => {
      total += stored.length;
      events += stored.length;
      for (const event of stored) if (event.event.type === 'OrderPlaced') orders += 1;
      if (events >= chunkSize) tell();
    },
    end: () => {
      tell();
      return total;
    },
  };
};

/**
 * The causal order (CausalScheduler): the history is made a slice at a time while earlier events
 * are still being written, never more than `ahead` chunks past what is stored.
 */
const writeCausal = async (history: Iterable<SeedEvent>, options: WriterOptions) => {
  const chunkSize = options.chunkSize ?? 20_000;
  const limit = chunkSize * (options.ahead ?? 3);
  // Small enough that acknowledgements are taken, and appends sent, while the history is made.
  const slice = Math.max(1, Math.min(1_000, chunkSize));
  const progress = progressOf(chunkSize, options.onChunk);
  const scheduler = new CausalScheduler(
    appendTo(options.store),
    options.concurrency ?? 512,
    progress.stored,
  );
  const events = history[Symbol.iterator]();
  for (let done = false; !done;) {
    for (let taken = 0; taken < slice; taken++) {
      const next = events.next();
      done = next.done === true;
      if (next.done === true) break;
      scheduler.add(next.value);
    }
    scheduler.pump();
    await scheduler.settle(done ? 0 : limit - slice);
  }
  return { events: progress.end(), appends: scheduler.appends };
};

/** The grouped order: chunk by chunk, a chunk's waves one after the other. */
const writeGrouped = async (history: Iterable<SeedEvent>, options: WriterOptions) => {
  const chunkSize = options.chunkSize ?? 20_000;
  const append = appendTo(options.store);
  const order = new AppendOrder();
  const progress = progressOf(chunkSize, options.onChunk);
  let appends = 0;
  const flush = async (chunk: readonly SeedEvent[]) => {
    appends += await writeGroupedChunk(chunk, append, order, options.concurrency ?? 512);
    progress.stored(chunk);
  };
  let chunk: SeedEvent[] = [];
  for (const event of history) {
    chunk.push(event);
    if (chunk.length >= chunkSize) {
      await flush(chunk);
      chunk = [];
    }
  }
  if (chunk.length > 0) await flush(chunk);
  return { events: progress.end(), appends };
};

/** Appends the history in the log order asked for, many appends in flight; never reads. */
export const writeHistory = async (
  history: Iterable<SeedEvent>,
  options: WriterOptions,
): Promise<Written> =>
  options.logOrder === 'grouped' ? writeGrouped(history, options) : writeCausal(history, options);
