import * as z from 'zod/mini';
import { positionSchema } from './common.ts';
import { inventoryLevelSchema } from './catalog.ts';
import { healthSchema } from './health.ts';
import { rebuildSchema, statsSchema } from './ops.ts';
import { orderSummarySchema, timelineEntrySchema } from './orders.ts';

/** Server → client Socket.IO events (api-contract.md), each checked as it arrives. */
export const liveEventSchemas = {
  'order.changed': z.object({
    orderId: z.string(),
    summary: orderSummarySchema,
    position: positionSchema,
  }),
  'timeline.appended': z.object({
    orderId: z.string(),
    entries: z.array(timelineEntrySchema),
    position: positionSchema,
  }),
  'inventory.changed': z.object({
    sku: z.string(),
    level: inventoryLevelSchema,
    position: positionSchema,
  }),
  'stats.changed': z.object({ stats: statsSchema, position: positionSchema }),
  'projection.progress': z.object({
    name: z.string(),
    rebuild: z.nullable(rebuildSchema),
    position: z.optional(z.nullable(positionSchema)),
  }),
  // The ops room's: what GET /api/admin/health answers, every 2 s while the page is open.
  'health.changed': z.object({ health: healthSchema }),
};
export type LiveEventName = keyof typeof liveEventSchemas;
export type LiveEvent<E extends LiveEventName> = z.infer<(typeof liveEventSchemas)[E]>;

export const joinAckSchema = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), error: z.optional(z.string()) }),
]);
