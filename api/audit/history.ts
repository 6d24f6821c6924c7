import {
  FORWARDS,
  START,
  StreamNotFoundError,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import { domainEvents } from '../../domain/index.ts';
import { sagaEvents } from '../../processes/fulfilment/events.ts';
import { combineCodecs, type EventCodec } from '../../infra/eventstore/codec.ts';
import { decodeResolved, type RecordedDomainEvent } from '../../infra/eventstore/recorded.ts';
import { auditState, emptyAudit, foldAudit, type AuditEvent, type AuditState } from './fold.ts';

const auditCodec: EventCodec<AuditEvent> = combineCodecs<AuditEvent>(domainEvents, sagaEvents);

export interface HistoryEntry {
  readonly recorded: RecordedDomainEvent<AuditEvent>;
  readonly stateAfter: AuditState;
}

/**
 * Every event that concerns the order, from the event store itself: EventStoreDB's by-correlation
 * stream `$bc-{orderId}` links every event whose `$correlationId` is the order (its own, its
 * payment's, its saga's and the inventory events the saga caused), in log order.
 */
export const readOrderEvents = async (
  client: EventStoreDBClient,
  orderId: string,
): Promise<RecordedDomainEvent<AuditEvent>[]> => {
  const events: RecordedDomainEvent<AuditEvent>[] = [];
  try {
    for await (const resolved of client.readStream(`$bc-${orderId}`, {
      direction: FORWARDS,
      fromRevision: START,
      resolveLinkTos: true,
    })) {
      if (resolved.event === undefined || !auditCodec.handles(resolved.event.type)) continue;
      events.push(decodeResolved(resolved, auditCodec));
    }
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
  return events;
};

/** Each event with the state of the order's world right after it. */
export const withStates = (events: readonly RecordedDomainEvent<AuditEvent>[]): HistoryEntry[] => {
  let fold = emptyAudit;
  return events.map((recorded) => {
    fold = foldAudit(fold, recorded.event, { id: recorded.id, at: recorded.metadata.occurredAt });
    return { recorded, stateAfter: auditState(fold) };
  });
};

/** The state once everything up to and including `last` happened (the empty fold before any). */
export const stateThrough = (
  entries: readonly HistoryEntry[],
  include: (entry: HistoryEntry) => boolean,
): { state: AuditState; events: number } => {
  let state = auditState(emptyAudit);
  let events = 0;
  for (const entry of entries) {
    if (!include(entry)) break;
    state = entry.stateAfter;
    events++;
  }
  return { state, events };
};
