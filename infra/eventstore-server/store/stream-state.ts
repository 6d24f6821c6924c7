import { EMPTY_METADATA, parseStreamMetadata, type StreamMetadata } from './metadata.ts';
import type { EventRecord } from './records.ts';

/**
 * One stream's events by revision. `events` is the writer's view (it includes appends whose sync
 * is still under way); readers see the first `committed` of them only.
 */
export class StreamState {
  readonly name: string;
  readonly events: EventRecord[] = [];
  committed = 0;
  /** The tombstone, once the stream was hard-deleted; `tombstoneCommitted` once readers see it. */
  tombstone: EventRecord | undefined;
  tombstoneCommitted = false;
  private parsed: { source: EventRecord; metadata: StreamMetadata } | undefined;

  constructor(name: string) {
    this.name = name;
  }

  /** The last revision written, -1 for none (writer's view). */
  get lastRevision(): number {
    return this.events.length - 1;
  }

  /** The last revision readers see, -1 for none. */
  get lastCommittedRevision(): number {
    return this.committed - 1;
  }

  /** Metadata carried by this (metadata) stream's last event, in the writer's or reader's view. */
  metadataOf(view: 'writer' | 'reader'): StreamMetadata {
    const last = this.events[(view === 'writer' ? this.events.length : this.committed) - 1];
    if (last === undefined) return EMPTY_METADATA;
    if (this.parsed?.source !== last) {
      this.parsed = { source: last, metadata: parseStreamMetadata(last.data) };
    }
    return this.parsed.metadata;
  }
}
