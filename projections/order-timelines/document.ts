import { z } from 'zod';

export const timelineEntrySchema = z.object({
  eventId: z.string(),
  stream: z.string(),
  revision: z.number().int(),
  type: z.string(),
  actor: z.string(),
  causationId: z.string(),
  occurredAt: z.string(),
  recordedAt: z.string(),
  /** The event's `$all` commit position. */
  position: z.number().int(),
  summary: z.string(),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

/** One `order_timelines` document: every event that touched the order, oldest first. */
export const timelineDocSchema = z.object({
  _id: z.string(),
  _position: z.string().optional(),
  orderId: z.string(),
  /** Whose order it is, so a customer sees only their own timelines. */
  customerId: z.string(),
  entries: z.array(timelineEntrySchema),
});
export type TimelineDoc = z.infer<typeof timelineDocSchema>;

export const timelineView = ({ orderId, customerId, entries }: TimelineDoc) => ({
  orderId,
  customerId,
  entries,
});
