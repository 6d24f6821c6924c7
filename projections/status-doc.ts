import { z } from 'zod';
import type { ReadModelCollection, ReadModelStore } from '../infra/readmodels/store.ts';
import { checkpointsCollection } from './checkpoints.ts';

export const projectionStates = [
  'catching-up',
  'live',
  'rebuilding',
  'retrying',
  'stopped',
] as const;
export type ProjectionState = (typeof projectionStates)[number];

/** What the process running the projections reports about one of them, every second. */
export const statusDocSchema = z.object({
  _id: z.string(),
  name: z.string(),
  state: z.enum(projectionStates),
  collection: z.string().nullable(),
  eventsPerSecond: z.number(),
  lastError: z.string().nullable(),
  rebuild: z
    .object({
      collection: z.string(),
      eventsPerSecond: z.number(),
      /** How fast its commit position moves: with the head, gives the time left. */
      commitsPerSecond: z.number(),
    })
    .nullable(),
  owner: z.string(),
  updatedAt: z.string(),
});
export type StatusDoc = z.infer<typeof statusDocSchema>;

export const statusId = (name: string): string => `status:${name}`;

export const statusesOf = (store: ReadModelStore): ReadModelCollection<StatusDoc> =>
  store.collection(checkpointsCollection, statusDocSchema);
