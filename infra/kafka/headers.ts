/** What a Kafka message says about the stored event it carries (DESIGN.md, Kafka). */
export interface EventHeaderFields {
  readonly type: string;
  readonly id: string;
  readonly stream: string;
  readonly revision: number;
  readonly correlationId?: string | undefined;
  readonly causationId?: string | undefined;
  readonly schemaVersion?: number | undefined;
}

/**
 * The event headers, in DESIGN.md's names, all text. Fields that are not known (a dead letter's
 * unreadable metadata) are left out rather than sent empty.
 */
export const eventHeaders = (fields: EventHeaderFields): Record<string, string> => ({
  'event-type': fields.type,
  'event-id': fields.id,
  'stream-id': fields.stream,
  'stream-revision': String(fields.revision),
  ...(fields.correlationId === undefined ? {} : { 'correlation-id': fields.correlationId }),
  ...(fields.causationId === undefined ? {} : { 'causation-id': fields.causationId }),
  ...(fields.schemaVersion === undefined ? {} : { 'schema-version': String(fields.schemaVersion) }),
  'content-type': 'application/json',
});
