import { z } from 'zod';
import { customerEvents, sealedSchema } from '../../domain/customer/index.ts';
import { customerStream } from '../../domain/streams.ts';
import type { EventStore } from '../../infra/eventstore/event-store.ts';
import type { Opener } from '../../infra/pii/vault.ts';
import { addressSchema } from './schemas.ts';

export const historyEntrySchema = z.object({
  revision: z.number().int(),
  type: z.string(),
  data: z.record(z.string(), z.unknown()),
  actor: z.string(),
  occurredAt: z.string(),
  recordedAt: z.string(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/**
 * Each envelope opened for the reader, or `{ erased: true }` once the key is gone. A password
 * hash is never shown, even to an auditor: that it changed, and when, is what the record is for.
 */
const opened = (key: string, value: unknown, opener: Opener): unknown => {
  const sealed = sealedSchema.safeParse(value);
  if (!sealed.success) return value;
  if (key === 'passwordHash') return { hidden: true };
  const text = opener.open(sealed.data);
  if (typeof text !== 'string' || key !== 'address') return text;
  return addressSchema.parse(JSON.parse(text));
};

/** The customer's stream event by event, as an auditor (or the customer) may read it. */
export const customerHistory = async (
  store: EventStore,
  customerId: string,
  opener: Opener,
): Promise<HistoryEntry[]> => {
  const { events } = await store.readStream(customerStream(customerId), customerEvents);
  return events.map(({ revision, event, metadata, recordedAt }) => ({
    revision,
    type: event.type,
    data: Object.fromEntries(
      Object.entries(event.data).map(([key, value]) => [key, opened(key, value, opener)]),
    ),
    actor: metadata.actor,
    occurredAt: metadata.occurredAt,
    recordedAt: recordedAt.toISOString(),
  }));
};
