import { EMPTY_METADATA, parseStreamMetadata, type StreamMetadata } from './metadata.ts';
import type { EventRecord } from './records.ts';

/**
 * One stream's events by revision. The writer's view includes appends whose sync is still under
 * way; readers see the first `committed` of them only.
 */
export class StreamState {
  readonly name: string;
  private readonly records: EventRecord[] = [];
  committed = 0;
  /** The tombstone, once the stream was hard-deleted; `tombstoneCommitted` once readers see it. */
  tombstone: EventRecord | undefined;
  tombstoneCommitted = false;
  private parsed: { revision: number; metadata: StreamMetadata } | undefined;

  constructor(name: string) {
    this.name = name;
  }

  /** The event at `revision` in the writer's view; undefined past its end. */
  at(revision: number): EventRecord | undefined {
    return this.records[revision];
  }

  /** How many events were written (writer's view). */
  get length(): number {
    return this.records.length;
  }

  /** Adds the next event, at revision `length`. */
  push(record: EventRecord): void {
    this.records.push(record);
  }

  /** The last revision written, -1 for none (writer's view). */
  get lastRevision(): number {
    return this.length - 1;
  }

  /** The last revision readers see, -1 for none. */
  get lastCommittedRevision(): number {
    return this.committed - 1;
  }

  /** Metadata carried by this (metadata) stream's last event, in the writer's or reader's view. */
  metadataOf(view: 'writer' | 'reader'): StreamMetadata {
    const revision = (view === 'writer' ? this.length : this.committed) - 1;
    if (this.parsed?.revision === revision) return this.parsed.metadata;
    const last = this.at(revision);
    if (last === undefined) return EMPTY_METADATA;
    this.parsed = { revision, metadata: parseStreamMetadata(last.data) };
    return this.parsed.metadata;
  }
}
