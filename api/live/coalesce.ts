/**
 * Passes on the first value of a key at once, then at most one per `intervalMs`: values offered
 * in between replace each other and the latest goes out when the interval ends. For snapshots
 * (a stock level, the stats) that may change hundreds of times a second under load.
 */
export class Coalescer<T> {
  readonly #intervalMs: number;
  readonly #send: (key: string, value: T) => void;
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #waiting = new Map<string, { value: T }>();

  constructor(intervalMs: number, send: (key: string, value: T) => void) {
    this.#intervalMs = intervalMs;
    this.#send = send;
  }

  offer(key: string, value: T): void {
    if (this.#timers.has(key)) {
      this.#waiting.set(key, { value });
      return;
    }
    this.#send(key, value);
    this.#hold(key);
  }

  close(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#waiting.clear();
  }

  #hold(key: string): void {
    const timer = setTimeout(() => {
      this.#timers.delete(key);
      const waiting = this.#waiting.get(key);
      if (waiting === undefined) return;
      this.#waiting.delete(key);
      this.#send(key, waiting.value);
      this.#hold(key);
    }, this.#intervalMs);
    timer.unref();
    this.#timers.set(key, timer);
  }
}
