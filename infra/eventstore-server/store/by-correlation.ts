import { createHash } from 'node:crypto';
import { SystemEventTypes, type EventRecord } from './records.ts';

/**
 * EventStoreDB's `$by_correlation_id` system projection: every event whose JSON metadata carries
 * a `$correlationId` is linked, in log order, into the stream `$bc-{correlationId}`. Here the
 * links are kept as an index in memory (rebuilt from the log at start) rather than written to the
 * log: readers see the same `$>` links and, with resolveLinkTos, the same events.
 */
export const byCorrelationPrefix = '$bc-';

const marker = Buffer.from('"$correlationId"');

/** The correlation id of a user event, if its metadata has one. */
export const correlationIdOf = (record: EventRecord): string | undefined => {
  if (record.stream.startsWith('$') || record.tombstone || record.metadata.indexOf(marker) === -1)
    return undefined;
  try {
    const metadata: unknown = JSON.parse(record.metadata.toString('utf8'));
    if (typeof metadata !== 'object' || metadata === null || !('$correlationId' in metadata))
      return undefined;
    const id = metadata.$correlationId;
    return typeof id === 'string' && id !== '' ? id : undefined;
  } catch {
    return undefined;
  }
};

const linkId = (target: EventRecord): string => {
  const hex = createHash('sha1').update(`$bc:${target.id}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

/** The `$>` link to `target` at `revision` of a by-correlation stream. */
export const correlationLink = (
  target: EventRecord,
  stream: string,
  revision: number,
): EventRecord => ({
  position: target.position,
  stream,
  revision,
  id: linkId(target),
  type: SystemEventTypes.linkTo,
  isJson: false,
  tombstone: false,
  createdMs: target.createdMs,
  data: Buffer.from(`${target.revision}@${target.stream}`),
  metadata: Buffer.alloc(0),
});
