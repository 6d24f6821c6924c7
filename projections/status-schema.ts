import { z } from 'zod';
import { projectionStates } from './status-doc.ts';

// The shapes of GET /api/admin/projections, shared by the route and `npm run projections`.

const positionSchema = z.object({ commit: z.number().int(), prepare: z.number().int() }).nullable();

export const rebuildProgressSchema = z.object({
  collection: z.string(),
  startedAt: z.string(),
  position: positionSchema,
  head: positionSchema,
  progress: z.number().min(0).max(1),
  eventsPerSecond: z.number(),
  etaSeconds: z.number().nullable(),
  done: z.boolean(),
});

export const projectionStatusSchema = z.object({
  name: z.string(),
  state: z.enum(projectionStates),
  collection: z.string().nullable(),
  checkpoint: positionSchema,
  head: positionSchema,
  lagEvents: z.number().int().nullable(),
  eventsPerSecond: z.number(),
  rebuild: rebuildProgressSchema.nullable(),
});

export const projectionListSchema = z.object({ items: z.array(projectionStatusSchema) });
export const rebuildStartedSchema = z.object({ name: z.string(), rebuild: rebuildProgressSchema });
