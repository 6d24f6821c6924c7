/** A domain event as deciders see it. */
export interface DomainEvent {
  readonly type: string;
  readonly data: unknown;
}

/**
 * Reads and writes one family of domain events: validates data with zod on read (upcasting
 * older schema versions) and knows the current schema version of each type for writes.
 */
export interface EventCodec<E extends DomainEvent> {
  /** Whether this codec knows the type at all. */
  handles(type: string): boolean;
  /** Validates (and upcasts) stored data; throws on unknown types or invalid data. */
  parse(type: string, schemaVersion: number, data: unknown): E;
  currentVersion(type: E['type']): number;
}

/** A codec over several families, e.g. every domain event for the Kafka bridge or the audit. */
export const combineCodecs = <E extends DomainEvent>(
  ...codecs: readonly EventCodec<E>[]
): EventCodec<E> => {
  const codecFor = (type: string): EventCodec<E> => {
    const codec = codecs.find((candidate) => candidate.handles(type));
    if (codec === undefined) throw new UnknownEventType(type);
    return codec;
  };
  return {
    handles: (type) => codecs.some((codec) => codec.handles(type)),
    parse: (type, schemaVersion, data) => codecFor(type).parse(type, schemaVersion, data),
    currentVersion: (type) => codecFor(type).currentVersion(type),
  };
};

export class UnknownEventType extends Error {
  readonly eventType: string;
  constructor(eventType: string) {
    super(`unknown event type ${eventType}`);
    this.eventType = eventType;
    this.name = 'UnknownEventType';
  }
}
