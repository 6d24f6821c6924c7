import { z } from 'zod';

// Kafka header values are bytes; the bridge writes every one as text (infra/kafka/headers.ts).
const revision = z.string().regex(/^\d+$/, 'a stream revision, in decimal');
const traceparent = z
  .string()
  .regex(/^[\da-f]{2}-[\da-f]{32}-[\da-f]{16}-[\da-f]{2}$/, 'a W3C traceparent')
  .describe('W3C trace context of the span that appended the event, when tracing was on');

/** The headers of an event record on `category`'s topic, for one event type and version. */
export const eventHeadersSchema = (category: string, type: string, version: number) =>
  z.object({
    'event-type': z.literal(type),
    'event-id': z.uuid().describe('the stored event id; the same on every redelivery'),
    'stream-id': z
      .string()
      .regex(new RegExp(`^${category}-.+`), `a ${category}- stream`)
      .describe('the EventStoreDB stream the event belongs to'),
    'stream-revision': revision.describe('its revision in that stream: order per key'),
    'correlation-id': z.string().min(1).describe('the request or process that led to it'),
    'causation-id': z.string().min(1).describe('the command or event that caused it'),
    'schema-version': z.literal(String(version)),
    'content-type': z.literal('application/json'),
    traceparent: traceparent.optional(),
  });

/**
 * The headers of a dead letter (infra/kafka/dead-letter.ts): the parked event's headers, with what
 * its metadata could give, plus which group parked it and why.
 */
export const deadLetterHeadersSchema = z.object({
  'event-type': z.string().min(1),
  'event-id': z.string().min(1),
  'stream-id': z.string().min(1),
  'stream-revision': revision,
  'correlation-id': z.string().optional(),
  'causation-id': z.string().optional(),
  'schema-version': z.string().regex(/^\d+$/).optional(),
  'content-type': z.literal('application/json'),
  group: z.string().min(1).describe('the persistent subscription group that parked it'),
  reason: z.string().describe('why it was parked'),
  'retry-count': z.string().regex(/^\d+$/),
});

/** The value of a dead letter: `ParkedEvent` (infra/eventstore/persistent-runner.ts) as JSON. */
export const deadLetterPayloadSchema = z.strictObject({
  group: z.string().min(1),
  eventId: z.string().min(1),
  stream: z.string().min(1),
  revision: z.number().int().nonnegative(),
  type: z.string(),
  reason: z.string(),
  retryCount: z.number().int().nonnegative(),
  correlationId: z.string().optional(),
  causationId: z.string().optional(),
  schemaVersion: z.number().int().optional(),
});
