import type { LogEntry } from '../log/record.ts';
import type { EventRecord } from './records.ts';

/** Reads durable bytes of the log back (see EventLog.read). */
export type ReadLog = (offset: number, length: number) => Buffer;

/** An event's data and metadata, held in memory. */
export interface Payload {
  readonly data: Buffer;
  readonly metadata: Buffer;
}

const EMPTY = Buffer.alloc(0);
const FLAG_JSON = 1;
const FLAG_TOMBSTONE = 2;

/**
 * An event the store holds for the life of the server: its facts in fields, and its data and
 * metadata either in memory (until just after its commit, see Store) or read back from the log.
 * There is one per event, so every byte here is multiplied by the size of the log: at a million
 * orders, 13.5 million of them. `dataAt` is where its data starts in the log; its metadata
 * follows it after a 4-byte length, as the log record lays them out.
 */
export class StoredRecord implements EventRecord {
  readonly position: number;
  readonly stream: string;
  readonly revision: number;
  readonly id: string;
  readonly type: string;
  readonly createdMs: number;
  private readonly flags: number;
  private readonly dataAt: number;
  private readonly dataLength: number;
  private readonly metadataLength: number;
  private readonly readLog: ReadLog | undefined;
  private payload: Payload | undefined;

  constructor(
    facts: Omit<EventRecord, 'data' | 'metadata'>,
    dataAt: number,
    lengths: { readonly data: number; readonly metadata: number },
    payload: Payload | undefined,
    readLog: ReadLog | undefined,
  ) {
    this.position = facts.position;
    this.stream = facts.stream;
    this.revision = facts.revision;
    this.id = facts.id;
    this.type = facts.type;
    this.createdMs = facts.createdMs;
    this.flags = (facts.isJson ? FLAG_JSON : 0) | (facts.tombstone ? FLAG_TOMBSTONE : 0);
    this.dataAt = dataAt;
    this.dataLength = lengths.data;
    this.metadataLength = lengths.metadata;
    this.readLog = readLog;
    this.payload = payload;
  }

  get isJson(): boolean {
    return (this.flags & FLAG_JSON) !== 0;
  }

  get tombstone(): boolean {
    return (this.flags & FLAG_TOMBSTONE) !== 0;
  }

  get data(): Buffer {
    if (this.payload !== undefined) return this.payload.data;
    return this.logBytes(this.dataAt, this.dataLength);
  }

  get metadata(): Buffer {
    if (this.payload !== undefined) return this.payload.metadata;
    return this.logBytes(this.dataAt + this.dataLength + 4, this.metadataLength);
  }

  /** Whether its data and metadata are held in memory rather than read back from the log. */
  get inMemory(): boolean {
    return this.payload !== undefined;
  }

  /**
   * Lets go of the payload in memory; it is read back from the log from then on. Only a durable
   * record of a log that reads back may; otherwise the record keeps it.
   */
  release(): void {
    if (this.readLog !== undefined) this.payload = undefined;
  }

  private logBytes(offset: number, length: number): Buffer {
    if (length === 0 || this.readLog === undefined) return EMPTY;
    return this.readLog(offset, length);
  }
}

/**
 * The record of a log entry written (or read back) at `recordOffset`. `stream` and `type` are the
 * store's own copies of the names, shared by every event that carries them. The entry's payload is
 * held only when `held` (an append until shortly after its commit, or a log that keeps no bytes).
 */
export const storedRecord = (
  entry: LogEntry,
  recordOffset: number,
  names: { readonly stream: string; readonly type: string },
  readLog: ReadLog | undefined,
  held: boolean,
): StoredRecord =>
  new StoredRecord(
    {
      position: recordOffset + entry.offset,
      stream: names.stream,
      revision: entry.revision,
      id: entry.id,
      type: names.type,
      isJson: entry.isJson,
      tombstone: entry.tombstone,
      createdMs: entry.createdMs,
    },
    recordOffset + entry.dataOffset,
    { data: entry.data.length, metadata: entry.metadata.length },
    held || readLog === undefined ? { data: entry.data, metadata: entry.metadata } : undefined,
    readLog,
  );
