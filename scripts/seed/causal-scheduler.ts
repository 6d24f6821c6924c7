import type { ExpectedRevision } from '../../infra/eventstore/event-store.ts';
import { MinHeap } from './min-heap.ts';
import type { SeedEvent } from './seed-event.ts';

/** Events that make stock available: a reservation written after one may rely on it. */
export const givesStock = (event: SeedEvent): boolean =>
  event.event.type === 'StockRestocked' || event.event.type === 'StockReleased';

/** Appends one stream's events atomically at `expected`; rejects when it does not hold. */
export type AppendGroup = (
  stream: string,
  events: readonly SeedEvent[],
  expected: ExpectedRevision,
) => Promise<unknown>;

type Pending = {
  readonly event: SeedEvent;
  /** Its place in the history. */
  readonly seq: number;
  readonly stream: StreamQueue;
  /** The event before it in its chain, while that one is not stored yet. */
  before: Pending | undefined;
  /** The next event of its chain, told when this one is stored. */
  after: Pending | undefined;
  state: 'waiting' | 'sent' | 'stored';
};

type StreamQueue = {
  readonly name: string;
  /** Not yet sent, in the order the history made them. */
  waiting: Pending[];
  /** An append of this stream is in flight: the next one waits for its acknowledgement. */
  busy: boolean;
  /** In the ready queue. */
  queued: boolean;
  /** The next revision of a stream the writer numbers (events without a revision). */
  next: number;
};

/**
 * Appends each event as soon as what it must follow is stored, with no barrier between events
 * that do not depend on each other. An event is sent only once the append holding the event before
 * it in its chain (its order, or its stream for the catalog, restocks and carts) is acknowledged,
 * or in the same append after it, since one append keeps its events' order; so every order reads
 * in `$all` in its business-time order, as `$bc-` and the saga's fold see it. One append per
 * stream is in flight at a time, holding the stream's events that are ready then, so a stream's
 * revisions are those its appends are acknowledged in and every append names its exact expected
 * revision. A stream whose events carry their revision is written in that order. An inventory
 * stream (revision left to the writer) is shared by many orders: there an event may pass another
 * order's event that is not ready yet, but never a restock or release made before it, so each
 * reservation still finds the stock it was granted on (a restock or release passing a
 * reservation only adds stock sooner); the writer numbers its events as it appends them.
 */
export class CausalScheduler {
  private readonly streams = new Map<string, StreamQueue>();
  private readonly lastOfChain = new Map<string, Pending>();
  /** Streams that may have events ready, the one holding the oldest waiting event first. */
  private readonly ready = new MinHeap<StreamQueue>();
  private added = 0;
  private inFlight = 0;
  private unstored = 0;
  private appendCount = 0;
  private failure: Error | undefined;
  private waiter: { limit: number; resolve: () => void; reject: (e: unknown) => void } | undefined;

  private readonly append: AppendGroup;
  private readonly concurrency: number;
  private readonly onStored: (events: readonly SeedEvent[]) => void;

  constructor(
    append: AppendGroup,
    concurrency: number,
    onStored: (events: readonly SeedEvent[]) => void,
  ) {
    this.append = append;
    this.concurrency = concurrency;
    this.onStored = onStored;
  }

  /** Events taken and not yet acknowledged. */
  get pending(): number {
    return this.unstored;
  }

  get appends(): number {
    return this.appendCount;
  }

  /** Takes the history's next event; call `pump` to send what became ready. */
  add(event: SeedEvent): void {
    let stream = this.streams.get(event.stream);
    if (stream === undefined) {
      stream = { name: event.stream, waiting: [], busy: false, queued: false, next: 0 };
      this.streams.set(event.stream, stream);
    }
    const before = this.lastOfChain.get(event.chain);
    const seq = this.added++;
    const pending: Pending = { event, stream, seq, before, after: undefined, state: 'waiting' };
    if (before !== undefined) before.after = pending;
    this.lastOfChain.set(event.chain, pending);
    stream.waiting.push(pending);
    this.unstored += 1;
    this.enqueue(stream);
  }

  /**
   * Sends the ready streams' appends, up to `concurrency` in flight, oldest events first: the
   * longest waits (behind a restock or release, along an order) run through the oldest events.
   */
  pump(): void {
    while (this.inFlight < this.concurrency) {
      const stream = this.ready.pop();
      if (stream === undefined) break;
      stream.queued = false;
      if (!stream.busy) this.send(stream);
    }
  }

  /**
   * Resolves once at most `limit` events are unacknowledged, after letting I/O run; rejects with
   * the first failed append.
   */
  async settle(limit: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      if (this.failure !== undefined) reject(this.failure);
      else if (this.unstored <= limit) setImmediate(resolve);
      // Nothing in flight and nothing ready: a dependency that can never be met, a defect.
      else if (this.inFlight === 0)
        reject(new Error('the seed writer holds events it cannot send'));
      else this.waiter = { limit, resolve, reject };
    });
  }

  private enqueue(stream: StreamQueue): void {
    const first = stream.waiting[0];
    if (stream.queued || stream.busy || first === undefined) return;
    stream.queued = true;
    this.ready.push(stream, first.seq);
  }

  /** The stream's events that may go now, in the order they were made, marked sent. */
  private take(stream: StreamQueue): Pending[] {
    const { waiting } = stream;
    const group: Pending[] = [];
    const kept: Pending[] = [];
    let at = 0;
    for (; at < waiting.length; at++) {
      const pending = waiting[at];
      if (pending === undefined) break;
      const { before } = pending;
      const ready =
        before === undefined ||
        before.state === 'stored' ||
        // Sent and of this stream, which has no other append in flight: earlier in this one.
        (before.state === 'sent' && before.stream === stream);
      if (ready) {
        pending.state = 'sent';
        group.push(pending);
        continue;
      }
      // Numbered events keep their stream's order; nothing passes a restock or release.
      if (pending.event.revision !== undefined || givesStock(pending.event)) break;
      kept.push(pending);
    }
    if (group.length === 0) return group;
    stream.waiting = at < waiting.length ? kept.concat(waiting.slice(at)) : kept;
    return group;
  }

  private send(stream: StreamQueue): void {
    const group = this.take(stream);
    const first = group[0];
    if (first === undefined) return;
    const revision = first.event.revision ?? stream.next;
    if (first.event.revision === undefined) stream.next += group.length;
    // The seed is the stream's only writer: a new stream is expected not to exist, and an older one
    // to be exactly where the seed left it, so a second seed into the same store fails loudly.
    const expected = revision === 0 ? 'no_stream' : revision - 1;
    stream.busy = true;
    this.inFlight += 1;
    this.appendCount += 1;
    const events = group.map((pending) => pending.event);
    this.append(stream.name, events, expected).then(
      () => {
        this.stored(stream, group, events);
      },
      (error: unknown) => {
        this.fail(error);
      },
    );
  }

  private stored(stream: StreamQueue, group: readonly Pending[], events: readonly SeedEvent[]) {
    this.inFlight -= 1;
    stream.busy = false;
    for (const pending of group) {
      pending.state = 'stored';
      // Unlinked, so a long chain's stored events do not stay reachable from its latest one.
      pending.before = undefined;
      const { after } = pending;
      pending.after = undefined;
      if (after !== undefined) this.enqueue(after.stream);
      else if (this.lastOfChain.get(pending.event.chain) === pending)
        this.lastOfChain.delete(pending.event.chain);
    }
    this.unstored -= group.length;
    this.enqueue(stream);
    // A stream numbered by the history keeps nothing worth remembering once idle.
    if (stream.waiting.length === 0 && group[0]?.event.revision !== undefined)
      this.streams.delete(stream.name);
    this.onStored(events);
    if (this.failure !== undefined) return;
    this.pump();
    const { waiter } = this;
    if (waiter !== undefined && this.unstored <= waiter.limit) {
      this.waiter = undefined;
      waiter.resolve();
    }
  }

  private fail(error: unknown): void {
    this.inFlight -= 1;
    this.failure ??= error instanceof Error ? error : new Error(String(error));
    const { waiter } = this;
    this.waiter = undefined;
    waiter?.reject(this.failure);
  }
}
