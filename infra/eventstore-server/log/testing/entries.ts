import type { EventLog } from '../event-log.ts';
import type { NewLogEntry } from '../record.ts';

/** An `OrderPlaced` entry of `order-1` at `revision`, its id made from the revision. */
export const logEntry = (revision: number, overrides: Partial<NewLogEntry> = {}): NewLogEntry => ({
  stream: 'order-1',
  revision,
  id: `00000000-0000-4000-8000-${String(revision).padStart(12, '0')}`,
  type: 'OrderPlaced',
  isJson: true,
  tombstone: false,
  createdMs: 1,
  data: Buffer.from(`{"n":${String(revision)}}`),
  metadata: Buffer.alloc(0),
  ...overrides,
});

/** Writes a record and resolves with its offset once it is durable. */
export const writeRecord = (log: EventLog, record: Buffer): Promise<number> =>
  new Promise((resolve, reject) => {
    const offset = log.write(record, (error) => {
      if (error) reject(error);
      else resolve(offset);
    });
  });
