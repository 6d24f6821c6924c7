import type { AllStreamResolvedEvent, ResolvedEvent } from '@eventstore/db-client';
import type { DomainEvent, EventCodec } from './codec.ts';
import { eventMetadataSchema, type EventMetadata } from './metadata.ts';

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

/** An event that cannot be decoded: retrying it will never help, so subscribers park it. */
export class PoisonEvent extends Error {
  readonly eventId: string;
  readonly stream: string;
  constructor(eventId: string, stream: string, reason: string) {
    super(`event ${eventId} in ${stream} cannot be read: ${reason}`);
    this.name = 'PoisonEvent';
    this.eventId = eventId;
    this.stream = stream;
  }
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
 * Throws PoisonEvent when the data or metadata does not fit.
 */
export const decodeResolved = <E extends DomainEvent>(
  resolved: ResolvedEvent | AllStreamResolvedEvent,
  codec: EventCodec<E>,
): RecordedDomainEvent<E> => {
  const recorded = resolved.event;
  if (recorded === undefined) throw new PoisonEvent('?', '?', 'the link points at nothing');
  const { id, streamId } = recorded;
  if (!recorded.isJson) throw new PoisonEvent(id, streamId, 'the data is not JSON');
  const metadata = eventMetadataSchema.safeParse(recorded.metadata);
  if (!metadata.success) {
    throw new PoisonEvent(id, streamId, `bad metadata: ${metadata.error.message}`);
  }
  let event: E;
  try {
    event = codec.parse(recorded.type, metadata.data.schemaVersion, recorded.data);
  } catch (error) {
    throw new PoisonEvent(id, streamId, error instanceof Error ? error.message : String(error));
  }
  return {
    id,
    stream: streamId,
    revision: Number(recorded.revision),
    position: recorded.position ? toLogPosition(recorded.position) : undefined,
    recordedAt: recorded.created,
    event,
    metadata: metadata.data,
  };
};
