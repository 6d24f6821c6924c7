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
 * Folded aggregates kept in memory (least recently used dropped first), brought up to date by
 * reading only the events after what is cached, so a hot stream is never read from the start twice.
 */
export class AggregateCache<C, E extends DomainEvent, S> {
  readonly #entries = new Map<string, Folded<S>>();
  readonly #store: EventStore;
  readonly #decider: Decider<C, E, S>;
  readonly #codec: EventCodec<E>;
  readonly #capacity: number;

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

  /** Reads whatever the stream has beyond the cached revision and folds it in. */
  async refresh(stream: string): Promise<Folded<S>> {
    const known = this.#entries.get(stream);
    const from = known?.revision === undefined ? undefined : known.revision + 1;
    const read = await this.#store.readStream(
      stream,
      this.#codec,
      from === undefined ? {} : { fromRevision: from },
    );
    let state = known?.state ?? this.#decider.initialState;
    const handled = known?.handled ?? new Set<string>();
    for (const recorded of read.events) {
      state = this.#decider.evolve(state, recorded.event);
      if (recorded.metadata.commandId !== undefined) handled.add(recorded.metadata.commandId);
    }
    const folded = { state, revision: read.revision ?? known?.revision, handled };
    this.put(stream, folded);
    return folded;
  }

  put(stream: string, folded: Folded<S>): void {
    this.#entries.delete(stream);
    this.#entries.set(stream, folded);
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
  }

  forget(stream: string): void {
    this.#entries.delete(stream);
  }
}
