interface Entry<T> {
  readonly item: T;
  readonly settled: PromiseWithResolvers<undefined>;
}

/**
 * Events waiting to be published, in arrival order, each with the promise its delivery waits
 * on. A redelivery of an event that is still here (the server's message timeout ran out while
 * Kafka was away) joins the first one instead of being queued twice.
 */
export class PendingEvents<T extends { readonly id: string }> {
  readonly #byId = new Map<string, Entry<T>>();
  #waiting: Entry<T>[] = [];
  #wake: (() => void) | undefined;

  /** Events queued and not yet taken. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Events not yet settled, taken or not. */
  get unsettled(): number {
    return this.#byId.size;
  }

  /** Resolves once `item` (or the event with its id already here) is published. */
  add(item: T): Promise<void> {
    const known = this.#byId.get(item.id);
    if (known) return known.settled.promise;
    const entry: Entry<T> = { item, settled: Promise.withResolvers<undefined>() };
    // Whoever added it awaits it; this only keeps a rejection nobody awaits from crashing Node.
    entry.settled.promise.catch(() => undefined);
    this.#byId.set(item.id, entry);
    this.#waiting.push(entry);
    this.#wakeUp();
    return entry.settled.promise;
  }

  /** Resolves when an event waits (at once if one does) or `interrupt()` is called. */
  whenWaiting(): Promise<void> {
    if (this.#waiting.length > 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.#wake = resolve;
    });
  }

  interrupt(): void {
    this.#wakeUp();
  }

  /**
   * Takes waiting events in arrival order: at most `max`, and no more than `maxWeight` in all
   * by `weigh` (but always the first, however heavy). They stay unsettled until `resolve`.
   */
  take(max: number, weigh: (item: T) => number, maxWeight: number): T[] {
    let count = 0;
    let weight = 0;
    for (const entry of this.#waiting) {
      if (count >= max) break;
      weight += weigh(entry.item);
      if (count > 0 && weight > maxWeight) break;
      count++;
    }
    return this.#waiting.splice(0, count).map((entry) => entry.item);
  }

  /** Settles taken events as published: their deliveries may be acknowledged. */
  resolve(items: readonly T[]): void {
    for (const { id } of items) {
      this.#byId.get(id)?.settled.resolve(undefined);
      this.#byId.delete(id);
    }
  }

  /** Settles everything still here, taken or not, with `error`; later adds are still accepted. */
  rejectAll(error: Error): void {
    for (const entry of this.#byId.values()) entry.settled.reject(error);
    this.#byId.clear();
    this.#waiting = [];
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
