// Test support only: the log recorded with the v1 saga (record-v1-log.ts), read through zod.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { eventMetadataSchema } from '../../../infra/eventstore/metadata.ts';
import type { FulfilmentInput } from '../inputs.ts';
import { workflowCodec } from '../inputs.ts';

const storedSchema = z.object({
  id: z.string().min(1),
  stream: z.string().min(1),
  revision: z.number().int().nonnegative(),
  type: z.string().min(1),
  data: z.record(z.string(), z.unknown()),
  metadata: eventMetadataSchema.loose(),
});
export type StoredEvent = z.infer<typeof storedSchema>;

/** Every event of the recording, in `$all` order, as it was stored. */
export const v1Log: readonly StoredEvent[] = z
  .array(storedSchema)
  .parse(JSON.parse(readFileSync(new URL('./v1-saga-log.json', import.meta.url), 'utf8')));

/** The orders of the recording and where each was left. */
export const v1Orders = {
  awaitingPayment: 'v1-awaiting-payment',
  confirmed: 'v1-confirmed',
  shipped: 'v1-shipped',
  declined: 'v1-declined',
  delivered: 'v1-delivered',
} as const;

/** The inputs of one order's workflow, as `$bc-{orderId}` would list them. */
export const v1InputsOf = (orderId: string): FulfilmentInput[] =>
  v1Log
    .filter(
      (stored) => stored.metadata.$correlationId === orderId && workflowCodec.handles(stored.type),
    )
    .map((stored) => ({
      kind: 'event',
      id: stored.id,
      at: stored.metadata.occurredAt,
      event: workflowCodec.parse(stored.type, stored.metadata.schemaVersion, stored.data),
    }));
