import { domainEvents } from '../../domain/events.ts';
import type { AnyEvent, EventRegistry } from '../../domain/shared/event.ts';
import { UnknownEventType, type EventCodec } from '../../infra/eventstore/codec.ts';

/** A domain event as the log holds it: the data at the schema version it was written with. */
export interface StoredEvent {
  readonly type: string;
  readonly data: unknown;
}

/**
 * Checks each stored event against the domain registry (upcasting and validating it, as every
 * reader would) but hands on the data as stored: the bridge publishes what the log holds, with
 * its `schema-version` header, so consumers see the same bytes an auditor reads. Every type is
 * "handled": an unknown type in a bridged stream is poison (parked and dead-lettered), never
 * skipped without a trace.
 */
export const storedEventCodec = (
  registry: EventRegistry<AnyEvent> = domainEvents,
): EventCodec<StoredEvent> => ({
  handles: () => true,
  parse: (type, schemaVersion, data) => {
    registry.parse(type, schemaVersion, structuredClone(data));
    return { type, data };
  },
  currentVersion: (type) => {
    if (!registry.handles(type)) throw new UnknownEventType(type);
    return registry.currentVersion(type);
  },
});
