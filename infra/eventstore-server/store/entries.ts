import { randomUUID } from 'node:crypto';
import type { NewLogEntry } from '../log/record.ts';
import { undeletedMetadata } from './metadata.ts';
import {
  DELETED_REVISION,
  isMetastream,
  metastreamOf,
  originalStreamOf,
  SystemEventTypes,
  type ProposedEvent,
} from './records.ts';
import type { StreamState } from './stream-state.ts';

/** A `$metadata` event the server writes itself (soft deletes and undeletes). */
export const metadataEntry = (
  stream: string,
  revision: number,
  data: Buffer,
  createdMs: number,
): NewLogEntry => ({
  stream,
  revision,
  id: randomUUID(),
  type: SystemEventTypes.metadata,
  isJson: true,
  tombstone: false,
  createdMs,
  data,
  metadata: Buffer.alloc(0),
});

/** The tombstone of a hard-deleted stream: `$streamDeleted` at EventStoreDB's deleted revision. */
export const tombstoneEntry = (stream: string, createdMs: number): NewLogEntry => ({
  stream,
  revision: DELETED_REVISION,
  id: randomUUID(),
  type: SystemEventTypes.streamDeleted,
  isJson: false,
  tombstone: true,
  createdMs,
  data: Buffer.alloc(0),
  metadata: Buffer.alloc(0),
});

/**
 * What else an append must write to undelete a soft-deleted stream, in the same record (as
 * EventStoreDB does right after it): writing events gives its metadata `$tb` at their first
 * revision, so the old events stay hidden; writing new metadata keeps that metadata but with
 * `$tb` past the old events. `firstRevision` is the revision the append's events start at.
 */
export const undeleteEntries = (
  streams: (name: string) => StreamState | undefined,
  stream: string,
  firstRevision: number,
  events: readonly ProposedEvent[],
  createdMs: number,
): NewLogEntry[] => {
  if (isMetastream(stream)) {
    const meta = streams(stream);
    const written = events[events.length - 1];
    if (!(meta?.metadataOf('writer').softDeleted ?? false) || written === undefined) return [];
    const recreateFrom = (streams(originalStreamOf(stream))?.lastRevision ?? -1) + 1;
    const undeleted = undeletedMetadata(written.data, recreateFrom);
    if (undeleted === undefined) return [];
    return [metadataEntry(stream, firstRevision + events.length, undeleted, createdMs)];
  }
  const meta = streams(metastreamOf(stream));
  const raw = meta?.at(meta.lastRevision)?.data;
  if (meta === undefined || raw === undefined || !meta.metadataOf('writer').softDeleted) return [];
  const undeleted = undeletedMetadata(raw, firstRevision);
  if (undeleted === undefined) return [];
  return [metadataEntry(metastreamOf(stream), meta.lastRevision + 1, undeleted, createdMs)];
};
