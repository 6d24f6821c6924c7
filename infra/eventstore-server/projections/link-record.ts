import { createHash } from 'node:crypto';
import type { EventRecord } from '../store/records.ts';
import type { Emitted } from './standard.ts';

// A name-based (version 5 style) id: the same event gives the same link id after every restart,
// since the links are derived again from the log rather than stored in it.
const linkId = (projection: string, target: EventRecord): string => {
  const hex = createHash('sha1').update(`${projection}:${target.id}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

const EMPTY = Buffer.alloc(0);

/**
 * The event a projection emitted for `source`, at `revision` of its link stream. It carries the
 * source's log position and time: it is not in the log itself (see ProjectionsSubsystem).
 */
export const linkRecord = (
  projection: string,
  source: EventRecord,
  emitted: Emitted,
  revision: number,
): EventRecord => ({
  position: source.position,
  stream: emitted.stream,
  revision,
  id: linkId(projection, source),
  type: emitted.type,
  isJson: false,
  tombstone: false,
  createdMs: source.createdMs,
  data: Buffer.from(emitted.data, 'utf8'),
  metadata: emitted.metadata === undefined ? EMPTY : Buffer.from(emitted.metadata, 'utf8'),
});
