import { performance } from 'node:perf_hooks';
import type { Store } from '../store/store.ts';
import { linkRecordOf } from './link-record.ts';
import { LinkStream } from './link-stream.ts';
import type { EventRecord } from '../store/records.ts';
import { passesSource, type StandardProjection } from './standard.ts';

/**
 * One standard projection running over the log. Its links are derived, not stored: it walks
 * `store.all` with a cursor and appends what it emits to in-memory link streams. `emittedUpTo`
 * only grows, so a reset walks the log again (counting, as KurrentDB does) without linking any
 * event twice.
 */
export class ProjectionRuntime {
  readonly definition: StandardProjection;
  query: string;
  enabled = true;
  /** KurrentDB's projection version (bumped by every reset) and epoch (the version of the last reset). */
  version = 1;
  epoch = -1;
  /** Index in `store.all` of the next event to look at. */
  cursor = 0;
  /** Index in `store.all` below which every event has had its links emitted. */
  emittedUpTo = 0;
  eventsProcessedAfterRestart = 0;
  coreProcessingMs = 0;
  /** Log position of the last event the projection handled, -1 before the first. */
  lastPosition = -1;
  private readonly store: Store;

  constructor(definition: StandardProjection, store: Store) {
    this.definition = definition;
    this.query = definition.query;
    this.store = store;
  }

  get name(): string {
    return this.definition.name;
  }

  /**
   * Handles the log from the cursor up to index `end` (exclusive); returns the links it added,
   * unless `collect` is false (at start, when nobody listens yet).
   */
  advance(end: number = this.store.all.length, collect = true): EventRecord[] {
    const started = performance.now();
    const { all } = this.store;
    const linked: EventRecord[] = [];
    for (; this.cursor < end; this.cursor++) {
      const record = all[this.cursor];
      if (record === undefined || !passesSource(record, this.definition.includeLinks)) continue;
      this.eventsProcessedAfterRestart++;
      this.lastPosition = record.position;
      if (this.cursor < this.emittedUpTo) continue;
      const emitted = this.definition.emit(record, this.query);
      if (emitted === undefined) continue;
      const links = this.store.derivedStream(
        emitted.stream,
        (name) => new LinkStream(name, this.name, emitted),
      );
      if (links instanceof LinkStream) {
        const revision = links.link(this.name, record, emitted);
        const link = collect ? links.at(revision) : undefined;
        if (link !== undefined) linked.push(link);
      } else {
        // A stream a client wrote to before any link: links join its events whole.
        const link = linkRecordOf(this.name, record, emitted, links.name, links.length);
        links.push(link);
        links.committed++;
        linked.push(link);
      }
    }
    this.emittedUpTo = Math.max(this.emittedUpTo, this.cursor);
    this.coreProcessingMs += performance.now() - started;
    return linked;
  }

  /** Starts the walk over from the beginning of the log (KurrentDB's reset: a new epoch). */
  reset(): void {
    this.epoch = this.version;
    this.version++;
    this.cursor = 0;
    this.lastPosition = -1;
    this.eventsProcessedAfterRestart = 0;
  }

  /** The log position up to which links were emitted, -1 for none. */
  emittedPosition(): number {
    return this.store.all[this.emittedUpTo - 1]?.position ?? -1;
  }
}
