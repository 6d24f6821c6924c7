import { z } from 'zod';
import type { EventRecord } from '../store/records.ts';

const sourceSchema = z.object({ correlationIdProperty: z.string().min(1) });
let lastSource: { query: string; property: string | undefined } | undefined;

/**
 * The metadata property `$by_correlation_id` links by, from its source text
 * `{"correlationIdProperty":"..."}`; undefined when the text does not say. The last answer is
 * kept: the projection asks for every event with the same text.
 */
export const correlationPropertyOf = (query: string): string | undefined => {
  if (lastSource?.query === query) return lastSource.property;
  let property: string | undefined;
  try {
    const parsed = sourceSchema.safeParse(JSON.parse(query));
    property = parsed.success ? parsed.data.correlationIdProperty : undefined;
  } catch {
    property = undefined;
  }
  lastSource = { query, property };
  return property;
};

/**
 * The correlation id in an event's JSON metadata (`$correlationId` unless told otherwise), if it
 * is a non-empty string. The byte search first spares parsing the metadata of events without it.
 */
export const correlationIdOf = (
  record: EventRecord,
  property = '$correlationId',
): string | undefined => {
  if (record.tombstone || record.metadata.indexOf(JSON.stringify(property)) === -1)
    return undefined;
  try {
    const metadata: unknown = JSON.parse(record.metadata.toString('utf8'));
    if (typeof metadata !== 'object' || metadata === null) return undefined;
    const id: unknown = Object.getOwnPropertyDescriptor(metadata, property)?.value;
    return typeof id === 'string' && id !== '' ? id : undefined;
  } catch {
    return undefined;
  }
};
