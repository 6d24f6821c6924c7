import { z } from 'zod';

/**
 * Metadata on every event the product writes. `$correlationId` and `$causationId` are
 * EventStoreDB's own names, so its system projections ($by_correlation_id) understand them.
 */
export const eventMetadataSchema = z
  .object({
    $correlationId: z.string().min(1),
    $causationId: z.string().min(1),
    schemaVersion: z.number().int().positive(),
    actor: z.string().min(1),
    occurredAt: z.iso.datetime({ offset: true }),
    /** The command that produced the event; a repeat of the same command id is already done. */
    commandId: z.string().min(1).optional(),
    /** W3C trace context of the span that appended it (tracing on); a bad one is dropped, not fatal. */
    traceparent: z.string().optional().catch(undefined),
  })
  .loose();

export type EventMetadata = z.infer<typeof eventMetadataSchema>;

/** What a writer says about an event; `schemaVersion` is filled in from the event's codec. */
export type MetadataInput = Omit<EventMetadata, 'schemaVersion'>;
