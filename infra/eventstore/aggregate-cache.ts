import type { DomainEvent, EventCodec } from './codec.ts';
import type { EventStore } from './event-store.ts';

/** The rules of one aggregate, as the Decider pattern writes them. */
export interface Decider<C, E extends DomainEvent, S> {
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
  readonly initialState: S;
}

/** An aggregate folded up to `revision`, and the command ids that already produced its events. */
export interface Folded<S> {
  readonly state: S;
  readonly revision: number | undefined;
  /**
   * Shared with the cache and never copied (a hot stream has seen thousands): it only ever gains
   * the ids of commands whose events are in the stream, so an older fold may see ids from later.
   */
  readonly handled: Set<string>;
}

/**
 * Folded aggregates kept in memory (least recently used dropped first). A stream is read from the
 * start once, on a miss; after that only what is new after the cached revision is read, and only
 * when someone asks for it (a conflict, a check, a query). Another writer's events are noticed by
 * the expected revision of the next append, so the cache never has to be right, only consistent:
 * every entry is the stream folded up to its revision. (One exception: when the server takes an
 * append as a retry of another process's, the same command ids at the same revision, the entry
 * holds this process's decision, alike but for what the commands carried, such as their time.)
 */
export class AggregateCache<C, E extends DomainEvent, S> {
  readonly #entries = new Map<string, Folded<S>>();
  readonly #store: EventStore;
  readonly #decider: Decider<C, E, S>;
  readonly #codec: EventCodec<E>;
  readonly #capacity: number;
  #reads = 0;

  constructor(
    store: EventStore,
    decider: Decider<C, E, S>,
    codec: EventCodec<E>,
    capacity: number,
  ) {
    this.#store = store;
    this.#decider = decider;
    this.#codec = codec;
    this.#capacity = capacity;
  }

  /** Stream reads made so far. */
  get reads(): number {
    return this.#reads;
  }

  /** What is cached for the stream, if anything; no read. */
  cached(stream: string): Folded<S> | undefined {
    const known = this.#entries.get(stream);
    if (known !== undefined) this.#touch(stream, known);
    return known;
  }

  /** The stream as it is now: reads whatever it has beyond `from` (or the cache) and folds it in. */
  async catchUp(
    stream: string,
    from: Folded<S> | undefined = this.cached(stream),
  ): Promise<Folded<S>> {
    const after = from?.revision;
    this.#reads++;
    const read = await this.#store.readStream(
      stream,
      this.#codec,
      after === undefined ? {} : { fromRevision: after + 1 },
    );
    let state = from?.state ?? this.#decider.initialState;
    const handled = from?.handled ?? new Set<string>();
    for (const recorded of read.events) {
      state = this.#decider.evolve(state, recorded.event);
      if (recorded.metadata.commandId !== undefined) handled.add(recorded.metadata.commandId);
    }
    const folded = { state, revision: read.revision ?? after, handled };
    this.remember(stream, folded);
    return folded;
  }

  /** Keeps `folded` unless the cache already holds a later revision (a query read further). */
  remember(stream: string, folded: Folded<S>): void {
    const known = this.#entries.get(stream);
    if (known !== undefined && (known.revision ?? -1) > (folded.revision ?? -1)) return;
    this.#touch(stream, folded);
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
  }

  #touch(stream: string, folded: Folded<S>): void {
    this.#entries.delete(stream);
    this.#entries.set(stream, folded);
  }

  forget(stream: string): void {
    this.#entries.delete(stream);
  }
}
