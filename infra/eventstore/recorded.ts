import type { AllStreamResolvedEvent, ResolvedEvent } from '@eventstore/db-client';
import type { DomainEvent, EventCodec } from './codec.ts';
import { eventMetadataSchema, type EventMetadata } from './metadata.ts';
import { UnreadableEvent } from './unreadable-event.ts';

/** A position in `$all`. Numbers, not bigints: they stay exact below 2^53 and travel as JSON. */
export interface LogPosition {
  readonly commit: number;
  readonly prepare: number;
}

/** A stored domain event, decoded and validated, with where and when it was recorded. */
export interface RecordedDomainEvent<E extends DomainEvent = DomainEvent> {
  readonly id: string;
  readonly stream: string;
  readonly revision: number;
  readonly position: LogPosition | undefined;
  readonly recordedAt: Date;
  readonly event: E;
  readonly metadata: EventMetadata;
}

/** Negative, zero or positive as `a` is before, at or after `b`. */
export const comparePositions = (a: LogPosition, b: LogPosition): number =>
  a.commit - b.commit || a.prepare - b.prepare;

export const toLogPosition = (position: { commit: bigint; prepare: bigint }): LogPosition => ({
  commit: Number(position.commit),
  prepare: Number(position.prepare),
});

export const toClientPosition = (position: LogPosition): { commit: bigint; prepare: bigint } => ({
  commit: BigInt(position.commit),
  prepare: BigInt(position.prepare),
});

/**
 * Decodes what the client returned into a domain event, through the codec (zod, upcasting).
 * Throws UnreadableEvent, naming the stream and revision, when the data or metadata does not fit.
 */
export const decodeResolved = <E extends DomainEvent>(
  resolved: ResolvedEvent | AllStreamResolvedEvent,
  codec: EventCodec<E>,
): RecordedDomainEvent<E> => {
  const recorded = resolved.event;
  if (recorded === undefined) {
    const { link } = resolved;
    throw new UnreadableEvent({
      eventId: link?.id ?? '?',
      stream: link?.streamId ?? '?',
      revision: link === undefined ? undefined : Number(link.revision),
      eventType: link?.type,
      knownType: false,
      position: link?.position ? toLogPosition(link.position) : undefined,
      reason: 'the link points at nothing',
    });
  }
  const { id, streamId } = recorded;
  const revision = Number(recorded.revision);
  const position = recorded.position ? toLogPosition(recorded.position) : undefined;
  const unreadable = (reason: string) =>
    new UnreadableEvent({
      eventId: id,
      stream: streamId,
      revision,
      eventType: recorded.type,
      knownType: codec.handles(recorded.type),
      position,
      reason,
    });
  if (!recorded.isJson) throw unreadable('the data is not JSON');
  const metadata = eventMetadataSchema.safeParse(recorded.metadata);
  if (!metadata.success) throw unreadable(`bad metadata: ${metadata.error.message}`);
  let event: E;
  try {
    event = codec.parse(recorded.type, metadata.data.schemaVersion, recorded.data);
  } catch (error) {
    throw unreadable(error instanceof Error ? error.message : String(error));
  }
  return {
    id,
    stream: streamId,
    revision,
    position,
    recordedAt: recorded.created,
    event,
    metadata: metadata.data,
  };
};
