import type { Logger } from '../../infra/logger.ts';
import { liveEvents, ordersRoom } from './protocol.ts';
import type { Emission } from './relay.ts';

export interface StatsRelayOptions {
  readonly load: (() => Promise<unknown>) | undefined;
  readonly intervalMs: number;
  /** Whether anyone would receive them. */
  readonly listening: () => boolean;
  readonly send: (emission: Emission) => void;
  readonly logger: Logger;
}

/**
 * `stats.changed` carries the figures of `GET /api/stats`, which are read from several documents:
 * so a change of `ops_stats` only marks them stale, and they are read again at most once per
 * `intervalMs` (never two reads at once), and only while someone is in the orders room.
 */
export class StatsRelay {
  readonly #options: StatsRelayOptions;
  #stale: number | undefined;
  #timer: NodeJS.Timeout | undefined;
  #lastLoad = 0;
  #closed = false;

  constructor(options: StatsRelayOptions) {
    this.#options = options;
  }

  changed(position: number): void {
    if (this.#options.load === undefined || this.#closed) return;
    this.#stale = Math.max(this.#stale ?? 0, position);
    if (this.#timer !== undefined) return;
    const wait = Math.max(0, this.#lastLoad + this.#options.intervalMs - Date.now());
    this.#timer = setTimeout(() => void this.#refresh(), wait);
    this.#timer.unref();
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
  }

  async #refresh(): Promise<void> {
    const { load, listening, send, logger } = this.#options;
    const position = this.#stale;
    this.#stale = undefined;
    this.#lastLoad = Date.now();
    try {
      if (load !== undefined && position !== undefined && listening()) {
        const stats = await load();
        if (!this.#closed)
          send({
            rooms: [ordersRoom],
            event: liveEvents.statsChanged,
            payload: { stats, position },
          });
      }
    } catch (error) {
      logger.warn({ err: error }, 'could not read the stats for live clients');
    } finally {
      this.#timer = undefined;
      this.#again();
    }
  }

  /** Changes that came in while reading: read again (after the interval). */
  #again(): void {
    if (this.#stale !== undefined) this.changed(this.#stale);
  }
}
