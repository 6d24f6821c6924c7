import { changesSince } from './change-feed-replay.ts';

/**
 * A change a projection made to one read-model document, published after the write, so that
 * live clients (Socket.IO) hear of it, also when the projection runs in another process.
 */
export interface ReadModelChange {
  /** The read model, e.g. 'order_summaries'. */
  readonly projection: string;
  /** The document's id (order id, sku, stats document id). */
  readonly id: string;
  /** The `$all` commit position of the last event applied to it. */
  readonly position: number;
  /** The document after the change; null when it was deleted. */
  readonly document: unknown;
  /**
   * When it was published (ms since the epoch), stamped by feeds that carry changes between
   * processes, so the receiving side can tell how long they took.
   */
  readonly publishedAt?: number;
}

export type ChangeListener = (changes: readonly ReadModelChange[]) => void;

/** Where projections publish their changes and the API listens for them. */
export interface ChangeFeed {
  publish(changes: readonly ReadModelChange[]): Promise<void>;
  /**
   * Calls `listener` with every change published from now on; returns the unsubscribe. A
   * listener that says it is `idle` (nobody to tell just now) still hears every change, but a
   * feed that has to look for them may look less often while all its listeners are idle.
   */
  listen(listener: ChangeListener, options?: { readonly idle?: () => boolean }): () => void;
  /**
   * The retained changes a client that has seen `position` missed, oldest first (for a client
   * that reconnects): see `changesSince` for how changes of slower projections are included.
   */
  since(position: number): Promise<readonly ReadModelChange[]>;
  close(): Promise<void>;
}

/**
 * The feed inside one process: listeners are called synchronously in publish order, and the
 * last `retain` changes are kept for `since`.
 */
export const createMemoryChangeFeed = (retain = 10_000): ChangeFeed => {
  const listeners = new Set<ChangeListener>();
  let recent: ReadModelChange[] = [];
  return {
    publish(changes) {
      if (changes.length === 0) return Promise.resolve();
      recent.push(...changes);
      if (recent.length > retain * 2) recent = recent.slice(-retain);
      for (const listener of listeners) listener(changes);
      return Promise.resolve();
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    since(position) {
      return Promise.resolve(changesSince(recent, position).slice(-retain));
    },
    close() {
      listeners.clear();
      return Promise.resolve();
    },
  };
};
