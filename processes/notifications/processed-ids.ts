import { z } from 'zod';
import { notifiedTypes } from './notice.ts';

// The idempotent consumer's memory: an event id is recorded once its e-mail was sent (or it was
// skipped), and checked before anything is sent. A crash between the send and the record sends
// that one e-mail again with the same Message-ID; nothing else can be sent twice.

export const processedSchema = z.object({
  eventId: z.string().min(1),
  type: z.enum(notifiedTypes),
  orderId: z.string().min(1),
  customerId: z.string().min(1),
  outcome: z.enum(['sent', 'skipped']),
  /** Why nothing was sent: the customer was erased, or has no account. */
  reason: z.enum(['erased', 'no_account']).optional(),
  at: z.iso.datetime({ offset: true }),
});
/** No personal data: ids, the type, the outcome. */
export type Processed = z.infer<typeof processedSchema>;

export interface ProcessedIds {
  has(eventId: string): Promise<boolean>;
  record(entry: Processed): Promise<void>;
  /** Newest last; for the operator's and the tests' view of what happened. */
  list(): Promise<Processed[]>;
  close(): Promise<void>;
}

/** In memory: for pure specifications, where a process's life is the test's. */
export const memoryProcessedIds = (): ProcessedIds => {
  const entries = new Map<string, Processed>();
  return {
    has: (eventId) => Promise.resolve(entries.has(eventId)),
    record: (entry) => {
      if (!entries.has(entry.eventId)) entries.set(entry.eventId, entry);
      return Promise.resolve();
    },
    list: () => Promise.resolve([...entries.values()]),
    close: () => Promise.resolve(),
  };
};
