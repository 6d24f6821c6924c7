import type { EventStore } from '../../infra/eventstore/event-store.ts';
import type { SeedEvent } from './seed-event.ts';
import { seedCodec } from './seed-event.ts';

export type WriterOptions = {
  readonly store: EventStore;
  /** Events per chunk: the log keeps each order's (and each stream's) order within and across. */
  readonly chunkSize?: number;
  /** Appends in flight at once. */
  readonly concurrency?: number;
  /** 'causal' (the default): each order's events in `$all` as they happened; 'grouped': faster. */
  readonly logOrder?: 'causal' | 'grouped';
  /** Told after each chunk is stored: events and orders placed in it. */
  readonly onChunk?: (events: number, orders: number) => void;
};

/** Events that make stock available: a reservation written after one may rely on it. */
const givesStock = (event: SeedEvent): boolean =>
  event.event.type === 'StockRestocked' || event.event.type === 'StockReleased';

/**
 * Splits a chunk into waves appended one after the other, each wave's appends concurrently, a
 * stream's events of one wave in one append. An event goes in a later wave than the event of its
 * order (or its stream, for the catalog and restocks) before it, so every order reads in `$all` in
 * its business-time order, as `$bc-` and the saga's fold see it; when that event is in the same
 * stream, the same wave will do, since one append keeps its events' order (a cart's or a sku's
 * run of events then takes one append instead of a wave, and a round trip, each). An inventory stream is shared by
 * many orders: there an event may move ahead of other orders' events, except that nothing moves
 * ahead of a restock or release written before it, so each reservation still finds the stock it
 * was granted on (moving a restock or release earlier only adds stock sooner).
 */
export const waves = (chunk: readonly SeedEvent[]): Map<string, SeedEvent[]>[] => {
  const lastOfChain = new Map<string, { readonly wave: number; readonly stream: string }>();
  const lastStockGiven = new Map<string, number>();
  const result: Map<string, SeedEvent[]>[] = [];
  for (const event of chunk) {
    const before = lastOfChain.get(event.chain);
    const afterChain =
      before === undefined ? 0 : before.wave + (before.stream === event.stream ? 0 : 1);
    const afterStock = lastStockGiven.get(event.stream) ?? 0;
    const wave = Math.max(afterChain, afterStock);
    lastOfChain.set(event.chain, { wave, stream: event.stream });
    if (givesStock(event)) lastStockGiven.set(event.stream, Math.max(afterStock, wave));
    let streams = result[wave];
    if (streams === undefined) {
      streams = new Map();
      result[wave] = streams;
    }
    const group = streams.get(event.stream);
    if (group === undefined) streams.set(event.stream, [event]);
    else group.push(event);
  }
  return result;
};

/** Numbers the events of shared streams in the order they are appended. */
export class AppendOrder {
  private readonly next = new Map<string, number>();

  firstRevision(stream: string, group: readonly SeedEvent[]): number | undefined {
    const given = group[0]?.revision;
    if (given !== undefined) return given;
    const first = this.next.get(stream) ?? 0;
    this.next.set(stream, first + group.length);
    return first;
  }
}

/**
 * The faster log order (`--log-order grouped`): per chunk, every order stream first, then the
 * inventory and payment streams, then the saga's; one append per stream per chunk. Each stream
 * keeps its order, and an order's placement precedes everything else of it; but within a chunk an
 * order's events are grouped by stream rather than interleaved as they happened.
 */
export const groupedWaves = (chunk: readonly SeedEvent[]): Map<string, SeedEvent[]>[] => {
  const result = [
    new Map<string, SeedEvent[]>(),
    new Map<string, SeedEvent[]>(),
    new Map<string, SeedEvent[]>(),
  ];
  for (const event of chunk) {
    const { stream } = event;
    const rank =
      stream.startsWith('order-') || stream.startsWith('product-')
        ? 0
        : stream.startsWith('fulfilment-')
          ? 2
          : 1;
    const streams = result[rank];
    if (streams === undefined) continue;
    const group = streams.get(stream);
    if (group === undefined) streams.set(stream, [event]);
    else group.push(event);
  }
  return result;
};

export const logOrders = { causal: waves, grouped: groupedWaves } as const;
export type LogOrder = keyof typeof logOrders;

/** Appends the history chunk by chunk, wave by wave, many appends in flight; never reads. */
export const writeHistory = async (
  history: Iterable<SeedEvent>,
  options: WriterOptions,
): Promise<{ events: number; appends: number }> => {
  const { store } = options;
  const chunkSize = options.chunkSize ?? 20_000;
  const concurrency = options.concurrency ?? 512;
  const split = logOrders[options.logOrder ?? 'causal'];
  const order = new AppendOrder();
  let events = 0;
  let appends = 0;

  const append = async (stream: string, group: readonly SeedEvent[], revision: number) => {
    // The seed is the stream's only writer: a new stream is expected not to exist, and an older one
    // to be exactly where the seed left it, so a second seed into the same store fails loudly.
    const expected = revision === 0 ? 'no_stream' : revision - 1;
    const toAppend = group.map(({ event, metadata, id }) => ({ event, metadata, id }));
    await store.append(stream, toAppend, seedCodec, expected);
    appends += 1;
  };

  const writeWave = async (streams: Map<string, SeedEvent[]>) => {
    const entries = [...streams].map(
      ([stream, group]) => [stream, group, order.firstRevision(stream, group) ?? 0] as const,
    );
    let next = 0;
    const worker = async () => {
      while (next < entries.length) {
        const entry = entries[next++];
        if (entry !== undefined) await append(...entry);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, entries.length) }, worker));
  };

  const flush = async (chunk: SeedEvent[]) => {
    // Waves are numbered without gaps (an event's wave is at most one past the highest so far).
    for (const wave of split(chunk)) await writeWave(wave);
    events += chunk.length;
    const placed = chunk.filter((event) => event.event.type === 'OrderPlaced').length;
    options.onChunk?.(chunk.length, placed);
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
  return { events, appends };
};
