import * as z from 'zod/mini';
import { moneySchema, optionalString } from './common.ts';
import { orderViewSchema } from './orders.ts';

export const historyEventSchema = z.object({
  stream: z.string(),
  revision: z.union([z.number(), z.string()]),
  eventId: z.optional(z.string()),
  type: z.string(),
  data: z.unknown(),
  metadata: z.record(z.string(), z.unknown()),
  recordedAt: z.string(),
  stateAfter: z.object({
    order: z.nullable(orderViewSchema),
    payment: z.optional(
      z.object({
        status: z.string(),
        amount: z.nullable(moneySchema),
        refunded: z.optional(z.int()),
      }),
    ),
    stock: z.optional(
      z.record(
        z.string(),
        z.object({ reserved: z.int(), committed: z.int(), rejected: z.boolean() }),
      ),
    ),
    fulfilment: optionalString,
  }),
});
export type HistoryEvent = z.infer<typeof historyEventSchema>;
export const historySchema = z.object({ orderId: z.string(), events: z.array(historyEventSchema) });

export const fulfilmentStages = [
  'unstarted',
  'reserving',
  'awaiting_payment',
  'shipping',
  'in_transit',
  'compensating',
  'finishing',
  'completed',
] as const;
export const fulfilmentSchema = z.object({
  orderId: z.string(),
  stage: z.string(),
  state: z.unknown(),
  /** What an operator may ask for now (absent from an older API: nothing is offered). */
  allowed: z.optional(z.object({ retry: z.array(z.string()), compensate: z.array(z.string()) })),
});
export type Fulfilment = z.infer<typeof fulfilmentSchema>;
