import * as z from 'zod/mini';
import { moneySchema, optionalString, positionSchema } from './common.ts';

const count = z.optional(z.int());

export const statsSchema = z.object({
  byStatus: z.record(z.string(), z.int()),
  revenuePerDay: z.array(z.object({ day: z.string(), revenue: moneySchema, orders: z.int() })),
  ordersPerMinute: z.array(
    z.object({
      minute: z.string(),
      placed: count,
      confirmed: count,
      rejected: count,
      cancelled: count,
      delivered: count,
    }),
  ),
});
export type Stats = z.infer<typeof statsSchema>;

const nullablePosition = z.nullable(positionSchema);
const optionalNumber = z.optional(z.nullable(z.number()));

export const rebuildSchema = z.object({
  collection: z.optional(z.string()),
  startedAt: optionalString,
  position: z.optional(nullablePosition),
  head: z.optional(nullablePosition),
  progress: z.number(),
  eventsPerSecond: optionalNumber,
  etaSeconds: optionalNumber,
  done: z.boolean(),
});
export type Rebuild = z.infer<typeof rebuildSchema>;

export const projectionStates = [
  'catching-up',
  'live',
  'rebuilding',
  'retrying',
  'stopped',
] as const;

export const projectionSchema = z.object({
  name: z.string(),
  state: z.enum(projectionStates),
  collection: optionalString,
  checkpoint: z.optional(nullablePosition),
  head: z.optional(nullablePosition),
  lagEvents: optionalNumber,
  eventsPerSecond: optionalNumber,
  rebuild: z.optional(z.nullable(rebuildSchema)),
});
export type Projection = z.infer<typeof projectionSchema>;
export const projectionListSchema = z.object({ items: z.array(projectionSchema) });

export const subscriptionSchema = z.object({
  group: z.string(),
  eventSource: z.string(),
  status: z.string(),
  consumerStrategy: optionalString,
  connections: z.optional(
    z.array(z.object({ name: z.string(), inFlight: count, itemsPerSecond: optionalNumber })),
  ),
  inFlight: count,
  outstanding: count,
  parked: z.int(),
  handled: count,
  itemsPerSecond: optionalNumber,
  lastCheckpointed: z.optional(z.unknown()),
  lastKnown: z.optional(z.unknown()),
});
export type Subscription = z.infer<typeof subscriptionSchema>;
export const subscriptionListSchema = z.object({ items: z.array(subscriptionSchema) });

export const parkedSchema = z.object({
  group: z.string(),
  items: z.array(
    z.object({
      parkedRevision: z.union([z.number(), z.string()]),
      parkedAt: optionalString,
      reason: optionalString,
      event: z.nullable(
        z.object({
          id: z.string(),
          stream: z.string(),
          revision: z.union([z.number(), z.string()]),
          type: z.string(),
          data: z.unknown(),
          metadata: z.unknown(),
        }),
      ),
    }),
  ),
});
export type Parked = z.infer<typeof parkedSchema>;
