import type { LogEntry } from './record.ts';

/** Called once a written record is durable (or could not be made so). */
export type Durable = (error?: Error) => void;

/**
 * An append-only log of records. Offsets are fixed when a record is queued, so an event's
 * position is known before its bytes reach the disk; callbacks fire in write order.
 */
export interface EventLog {
  /** The offset the next record will start at. */
  readonly end: number;
  /** How many syncs reached the disk so far (group commit makes this smaller than the writes). */
  readonly syncs: number;
  /** Queues a record and returns its offset; `durable` is called once its bytes are on disk. */
  write(record: Buffer, durable: Durable): number;
  /**
   * Reads `length` durable bytes at `offset` back, when the log keeps them (a file does; a memory
   * log does not, so whoever wrote must keep its bytes).
   */
  readonly read?: (offset: number, length: number) => Buffer;
  /** Waits for queued records, then releases the log. */
  close(): Promise<void>;
}

/** A record read back at start, with the offset it starts at. */
export interface RecoveredRecord {
  readonly offset: number;
  readonly entries: readonly LogEntry[];
}

/**
 * A log opened at start: the log itself and every record it already held, in order. The records
 * are read from the file as they are iterated, one chunk at a time, so a log larger than memory
 * (or than the 2 GiB one read can return) opens; iterate them once, before the first write.
 */
export interface OpenedLog {
  readonly log: EventLog;
  readonly records: Iterable<RecoveredRecord>;
}
