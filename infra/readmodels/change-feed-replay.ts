import type { ReadModelChange } from './change-feed.ts';

/**
 * What a client that has seen everything up to `position` missed, from changes in publish order:
 * everything published after the first change at or beyond `position`, but that first one only
 * when it is beyond. Projections run side by side, so a slower one may publish a change below
 * `position` after a faster one published beyond it; such a change is included, with a few
 * repeats, which receivers tell by position (summaries) or event id (timeline entries).
 */
export const changesSince = (
  published: readonly ReadModelChange[],
  position: number,
): ReadModelChange[] => {
  const first = published.findIndex((change) => change.position >= position);
  if (first === -1) return [];
  const from = published[first]?.position === position ? first + 1 : first;
  return published.slice(from);
};

/**
 * The last changes one process has seen, in publish order, for `since`: at most `retain` of them
 * (it trims in steps, so a push costs no copy most of the time).
 */
export class RecentChanges {
  readonly #retain: number;
  #changes: ReadModelChange[] = [];

  constructor(retain: number) {
    this.#retain = retain;
  }

  push(changes: readonly ReadModelChange[]): void {
    this.#changes.push(...changes);
    if (this.#changes.length > this.#retain * 2) this.#changes = this.#changes.slice(-this.#retain);
  }

  /** Adds changes published before every one held (read back after a restart). */
  prepend(older: readonly ReadModelChange[]): void {
    this.#changes = [...older, ...this.#changes].slice(-this.#retain * 2);
  }

  since(position: number): ReadModelChange[] {
    return changesSince(this.#changes, position).slice(-this.#retain);
  }

  get size(): number {
    return this.#changes.length;
  }
}
