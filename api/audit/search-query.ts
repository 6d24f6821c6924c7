import { z } from 'zod';
import { domainEvents } from '../../domain/events.ts';
import { sagaEvents } from '../../processes/fulfilment/events.ts';

/** Every event type the audit can name: the aggregates' and the fulfilment saga's. */
export const auditEventTypes: readonly string[] = [
  ...new Set<string>([...domainEvents.types, ...sagaEvents.types]),
].sort();

const instant = z.iso.datetime({ offset: true }).transform((text) => new Date(text));
const eventType = z
  .string()
  .refine((type) => auditEventTypes.includes(type), { message: 'not an event type of the log' });

export const auditSearchQuery = z
  .strictObject({
    /** Exact JWT subject or process name (`metadata.actor`); applied by the API. */
    actor: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .describe('exact metadata.actor (JWT subject or process name); applied by the API')
      .optional(),
    /** One event type, or several separated by commas; filtered by the event store. */
    type: z
      .string()
      .max(2000)
      .transform((text) => text.split(',').map((part) => part.trim()))
      .pipe(z.array(eventType).min(1).max(40))
      .describe(
        `one event type or several separated by commas, filtered by the event store: ${auditEventTypes.join(', ')}`,
      )
      .optional(),
    /** A stream-name prefix such as `order-` or `payment-o-123`; never a `$` system stream. */
    stream: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash or underscore')
      .describe('a stream-name prefix; filtered by the event store unless a type is given')
      .optional(),
    /** Business time (`metadata.occurredAt`) at or after, inclusive; applied by the API. */
    from: instant.describe('business time (metadata.occurredAt) from, inclusive').optional(),
    /** Business time before, exclusive; applied by the API. */
    to: instant.describe('business time (metadata.occurredAt) before, exclusive').optional(),
    /** The `next` cursor of the previous page. */
    after: z.string().min(1).max(400).describe('the `next` of the previous page').optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    format: z.enum(['json', 'csv']).optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, {
    path: ['to'],
    message: 'to must be after from',
  });

export type AuditSearchQuery = z.infer<typeof auditSearchQuery>;

/** What decides which events a search finds, for binding its cursors to it. */
export const searchIdentity = (query: AuditSearchQuery): Record<string, unknown> => ({
  search: 'audit-events',
  actor: query.actor ?? null,
  type: query.type ?? null,
  stream: query.stream ?? null,
  from: query.from?.toISOString() ?? null,
  to: query.to?.toISOString() ?? null,
});
