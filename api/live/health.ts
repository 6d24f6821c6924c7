import type { Logger } from '../../infra/logger.ts';

export interface HealthRelayOptions {
  /** The snapshot of `GET /api/admin/health`. */
  readonly load: (() => Promise<unknown>) | undefined;
  readonly intervalMs: number;
  /** Whether anyone is in the ops room. */
  readonly listening: () => boolean;
  /** Sends it as `health.changed { health }` to the ops room, or to the one client `to` when given. */
  readonly send: (health: unknown, to?: string) => void;
  readonly logger: Logger;
}

/**
 * `health.changed` carries the System health page's snapshot. The figures change with time, not
 * with the read models, so they are read on a clock: every `intervalMs` while someone is in the
 * ops room, and not at all once it is empty (the clock stops until someone joins again). One who
 * joins gets a snapshot at once. A read ends before the next is scheduled: never two at once.
 */
export class HealthRelay {
  readonly #options: HealthRelayOptions;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: HealthRelayOptions) {
    this.#options = options;
  }

  /** Client `id` has joined the ops room. */
  joined(id: string): void {
    if (this.#options.load === undefined || this.#closed) return;
    void this.#read(id);
    this.#schedule();
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#closed) return;
    this.#timer = setTimeout(() => void this.#tick(), this.#options.intervalMs);
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    if (!this.#options.listening()) {
      this.#timer = undefined;
      return;
    }
    await this.#read(undefined);
    this.#timer = undefined;
    this.#schedule();
  }

  async #read(to: string | undefined): Promise<void> {
    const { load, send, logger } = this.#options;
    if (load === undefined) return;
    try {
      const health = await load();
      if (!this.#closed) send(health, to);
    } catch (error) {
      logger.warn({ err: error }, 'could not read the system health for live clients');
    }
  }
}
