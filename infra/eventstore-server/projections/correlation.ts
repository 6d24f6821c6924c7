import type { EventRecord } from '../store/records.ts';

const marker = Buffer.from('"$correlationId"');

/**
 * The `$correlationId` of an event's JSON metadata, if it has a non-empty string one (what
 * `$by_correlation_id` links by). The byte search first spares parsing the metadata of the
 * events that have none.
 */
export const correlationIdOf = (record: EventRecord): string | undefined => {
  if (record.tombstone || record.metadata.indexOf(marker) === -1) return undefined;
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
