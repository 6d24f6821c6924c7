import type { Durable, EventLog, OpenedLog } from './event-log.ts';
import { FILE_MAGIC } from './record.ts';

/**
 * A log that keeps nothing: offsets advance exactly as the file log's would, so positions look
 * the same, and records are "durable" on the next microtask, in order.
 */
export const openMemoryLog = (): OpenedLog => {
  let end = FILE_MAGIC.length;
  const log: EventLog = {
    get end() {
      return end;
    },
    syncs: 0,
    write(record: Buffer, durable: Durable): number {
      const offset = end;
      end += record.length;
      queueMicrotask(() => {
        durable();
      });
      return offset;
    },
    close: () => Promise.resolve(),
  };
  return { log, records: [] };
};
