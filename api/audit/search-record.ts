import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import { z } from 'zod';
import { domainEvents } from '../../domain/events.ts';
import { eventMetadataSchema } from '../../infra/eventstore/metadata.ts';
import { toLogPosition, type LogPosition } from '../../infra/eventstore/recorded.ts';
import { sagaEvents } from '../../processes/fulfilment/events.ts';
import { summarize } from '../../projections/order-timelines/summary.ts';

/** One event of the log as the audit search shows it. */
export interface AuditRow {
  readonly position: LogPosition;
  readonly stream: string;
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  /** When the event store recorded it. */
  readonly recordedAt: string;
  /** Business time from the metadata (the seed tool back-dates it); null when missing. */
  readonly occurredAt: string | null;
  readonly actor: string | null;
  readonly correlationId: string | null;
  readonly causationId: string | null;
  /** The order it concerns, for a link to that order's history. */
  readonly orderId: string | null;
  /** As stored (after upcasting); money in minor units. */
  readonly data: unknown;
  /** A sentence for people, money in major units with its currency. */
  readonly summary: string;
  /** Why the event could not be decoded, when it could not; it is still listed. */
  readonly unreadable?: string;
}

// An auditor must see every event, also one whose metadata does not pass the product's schema:
// whatever of the usual fields it has is shown, each on its own.
const lenientMetadata = z
  .object({
    actor: z.string().min(1).catch(''),
    $correlationId: z.string().min(1).catch(''),
    $causationId: z.string().min(1).catch(''),
    occurredAt: z.iso.datetime({ offset: true }).catch(''),
  })
  .partial()
  .catch({});

const orderStreams = /^(?:order|payment|fulfilment)-(.+)$/;
const orderIdField = z.object({ orderId: z.string().min(1) });

const orderIdOf = (stream: string, data: unknown): string | null =>
  orderStreams.exec(stream)?.[1] ?? orderIdField.safeParse(data).data?.orderId ?? null;

const reasonOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

const decodeData = (
  type: string,
  schemaVersion: number | undefined,
  data: unknown,
): { data: unknown; summary: string; unreadable?: string } => {
  const registry = domainEvents.handles(type) ? domainEvents : sagaEvents;
  if (!registry.handles(type)) return { data, summary: summarize({ type, data }) };
  if (schemaVersion === undefined)
    return { data, summary: `${type} (unreadable)`, unreadable: 'bad metadata' };
  try {
    const event = registry.parse(type, schemaVersion, data);
    // The domain's own events get their sentences; the saga's are read as plain JSON there.
    return { data: event.data, summary: summarize(event) };
  } catch (error) {
    return { data, summary: `${type} (unreadable)`, unreadable: reasonOf(error) };
  }
};

/** What the API filters on, read before anything is decoded. */
export type Filterable = Pick<AuditRow, 'stream' | 'actor' | 'occurredAt'>;

const textOf = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : null;

/**
 * The fields the API's own filters look at, straight from the metadata as the client parsed it:
 * most events of a long log are filtered out, and decoding each one first (zod, upcasting, the
 * summary) would cost more than the scan. What passes is decoded in full by `auditRowOf`.
 */
export const filterableOf = (resolved: AllStreamResolvedEvent): Filterable | undefined => {
  const recorded = resolved.event;
  if (recorded === undefined) return undefined;
  const metadata: unknown = recorded.metadata;
  const field = (name: string) =>
    typeof metadata === 'object' && metadata !== null && name in metadata
      ? textOf((metadata as Record<string, unknown>)[name])
      : null;
  return { stream: recorded.streamId, actor: field('actor'), occurredAt: field('occurredAt') };
};

/** The row of an event read from `$all`, or undefined for a link that points at nothing. */
export const auditRowOf = (resolved: AllStreamResolvedEvent): AuditRow | undefined => {
  const recorded = resolved.event;
  if (recorded === undefined) return undefined;
  const strict = eventMetadataSchema.safeParse(recorded.metadata);
  const meta = lenientMetadata.parse(recorded.metadata);
  const decoded = recorded.isJson
    ? decodeData(recorded.type, strict.data?.schemaVersion, recorded.data)
    : { data: null, summary: `${recorded.type} (not JSON)`, unreadable: 'the data is not JSON' };
  const unreadable =
    decoded.unreadable ?? (strict.success ? undefined : `bad metadata: ${strict.error.message}`);
  return {
    position: toLogPosition(recorded.position),
    stream: recorded.streamId,
    revision: Number(recorded.revision),
    eventId: recorded.id,
    type: recorded.type,
    recordedAt: recorded.created.toISOString(),
    occurredAt: meta.occurredAt || null,
    actor: meta.actor || null,
    correlationId: meta.$correlationId || null,
    causationId: meta.$causationId || null,
    orderId: orderIdOf(recorded.streamId, decoded.data),
    data: decoded.data,
    summary: decoded.summary,
    ...(unreadable === undefined ? {} : { unreadable }),
  };
};
