/**
 * Runs tasks concurrently up to a limit while keeping tasks with the same key in the order they
 * were given: per-stream order is kept, different streams go in parallel.
 */
export class KeyedPool {
  readonly #limit: number;
  readonly #onError: (error: unknown) => void;
  readonly #tails = new Map<string, Promise<void>>();
  #running = 0;
  #waiters: (() => void)[] = [];

  /** Tasks should handle their own failures; what escapes goes to `onError`. */
  constructor(limit: number, onError: (error: unknown) => void) {
    this.#limit = Math.max(1, limit);
    this.#onError = onError;
  }

  /** Waits for a free slot (backpressure), then starts the task behind its key's earlier tasks. */
  async submit(key: string, task: () => Promise<void>): Promise<void> {
    while (this.#running >= this.#limit) {
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    this.#running++;
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const run = previous.then(async () => {
      try {
        await task();
      } catch (error) {
        this.#onError(error);
      }
    });
    void run.finally(() => {
      this.#running--;
      if (this.#tails.get(key) === run) this.#tails.delete(key);
      this.#waiters.shift()?.();
    });
    this.#tails.set(key, run);
  }

  /** Settles once every submitted task has finished. */
  async drain(): Promise<void> {
    await Promise.all([...this.#tails.values()]);
  }
}
