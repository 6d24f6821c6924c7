import { crc32 } from 'node:zlib';
import { readUuid, writeUuid } from '../uuid.ts';

/**
 * The log file format. A file starts with FILE_MAGIC; then come records, one per committed
 * append, each `[u32 body length][u32 crc32 of length and body][body]` (little endian). A body
 * holds every event of the append, so an append is durable all at once or not at all: a record
 * that is short or fails its checksum was torn by a crash and is cut off at recovery.
 */
export const FILE_MAGIC = Buffer.from('ORDERLEDGER-LOG1', 'ascii');
export const RECORD_HEADER_SIZE = 8;
export const MAX_BODY_SIZE = 256 * 1024 * 1024;
const KIND_COMMIT = 1;
const FLAG_JSON = 1;
const FLAG_TOMBSTONE = 2;
const ENTRY_FIXED_SIZE = 1 + 8 + 16 + 8 + 2 + 2 + 4 + 4;

/** One event as the log holds it. */
export interface LogEntry {
  /** Where the entry starts, from the start of its record: record offset + this is its position. */
  readonly offset: number;
  readonly stream: string;
  readonly revision: number;
  readonly id: string;
  readonly type: string;
  readonly isJson: boolean;
  readonly tombstone: boolean;
  readonly createdMs: number;
  readonly data: Buffer;
  readonly metadata: Buffer;
  /**
   * Where `data` starts, from the start of its record; its metadata follows it after a 4-byte
   * length. The store reads an event's bytes back from the file from here.
   */
  readonly dataOffset: number;
}

export type NewLogEntry = Omit<LogEntry, 'offset' | 'data' | 'metadata' | 'dataOffset'> & {
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
};

export type DecodeResult =
  | { readonly kind: 'record'; readonly entries: LogEntry[]; readonly next: number }
  | { readonly kind: 'end' }
  | { readonly kind: 'torn'; readonly reason: string };

/** Encodes one append as a record; the entries it returns share the record's memory. */
export const encodeRecord = (
  events: readonly NewLogEntry[],
): { record: Buffer; entries: LogEntry[] } => {
  const names = events.map((event) => ({
    stream: Buffer.from(event.stream, 'utf8'),
    type: Buffer.from(event.type, 'utf8'),
  }));
  let size = RECORD_HEADER_SIZE + 5;
  events.forEach((event, index) => {
    const name = names[index];
    if (name === undefined) return;
    size += ENTRY_FIXED_SIZE + name.stream.length + name.type.length;
    size += event.data.length + event.metadata.length;
  });
  const record = Buffer.allocUnsafe(size);
  record.writeUInt8(KIND_COMMIT, RECORD_HEADER_SIZE);
  record.writeUInt32LE(events.length, RECORD_HEADER_SIZE + 1);
  let at = RECORD_HEADER_SIZE + 5;
  const entries = events.map((event, index) => {
    const name = names[index] ?? { stream: Buffer.alloc(0), type: Buffer.alloc(0) };
    const entry = writeEntry(record, at, event, name.stream, name.type);
    at = entry.end;
    return entry.entry;
  });
  const bodyLength = size - RECORD_HEADER_SIZE;
  record.writeUInt32LE(bodyLength, 0);
  record.writeUInt32LE(checksum(record, 0, size), 4);
  return { record, entries };
};

const writeEntry = (
  target: Buffer,
  start: number,
  event: NewLogEntry,
  stream: Buffer,
  type: Buffer,
): { entry: LogEntry; end: number } => {
  let at = start;
  const flags = (event.isJson ? FLAG_JSON : 0) | (event.tombstone ? FLAG_TOMBSTONE : 0);
  at = target.writeUInt8(flags, at);
  at = target.writeDoubleLE(event.revision, at);
  writeUuid(event.id, target, at);
  at += 16;
  at = target.writeDoubleLE(event.createdMs, at);
  at = target.writeUInt16LE(stream.length, at);
  at += stream.copy(target, at);
  at = target.writeUInt16LE(type.length, at);
  at += type.copy(target, at);
  at = target.writeUInt32LE(event.data.length, at);
  target.set(event.data, at);
  const dataOffset = at;
  const data = target.subarray(at, at + event.data.length);
  at += event.data.length;
  at = target.writeUInt32LE(event.metadata.length, at);
  target.set(event.metadata, at);
  const metadata = target.subarray(at, at + event.metadata.length);
  at += event.metadata.length;
  return { entry: { ...event, offset: start, data, metadata, dataOffset }, end: at };
};

const checksum = (buffer: Buffer, start: number, end: number): number =>
  crc32(buffer.subarray(start + RECORD_HEADER_SIZE, end), crc32(buffer.subarray(start, start + 4)));

/**
 * Decodes the record at `start`, reading no further than `end`. A record that does not fit or
 * whose checksum does not match is reported as torn, never returned as data.
 */
export const decodeRecord = (buffer: Buffer, start: number, end: number): DecodeResult => {
  if (start === end) return { kind: 'end' };
  if (end - start < RECORD_HEADER_SIZE) return torn(`${end - start} bytes, shorter than a header`);
  const bodyLength = buffer.readUInt32LE(start);
  const recordEnd = start + RECORD_HEADER_SIZE + bodyLength;
  if (bodyLength > MAX_BODY_SIZE || recordEnd > end) {
    return torn(`record claims ${bodyLength} bytes, ${end - start - RECORD_HEADER_SIZE} remain`);
  }
  if (checksum(buffer, start, recordEnd) !== buffer.readUInt32LE(start + 4)) {
    return torn('checksum mismatch');
  }
  const entries = decodeBody(buffer, start, recordEnd);
  if (entries === undefined) return torn('malformed body');
  return { kind: 'record', entries, next: recordEnd };
};

const torn = (reason: string): DecodeResult => ({ kind: 'torn', reason });

const decodeBody = (buffer: Buffer, start: number, end: number): LogEntry[] | undefined => {
  let at = start + RECORD_HEADER_SIZE;
  if (end - at < 5 || buffer.readUInt8(at) !== KIND_COMMIT) return undefined;
  const count = buffer.readUInt32LE(at + 1);
  at += 5;
  const entries: LogEntry[] = [];
  for (let index = 0; index < count; index++) {
    const decoded = readEntry(buffer, start, at, end);
    if (decoded === undefined) return undefined;
    entries.push(decoded.entry);
    at = decoded.end;
  }
  return at === end ? entries : undefined;
};

const readEntry = (
  buffer: Buffer,
  recordStart: number,
  start: number,
  end: number,
): { entry: LogEntry; end: number } | undefined => {
  if (end - start < ENTRY_FIXED_SIZE) return undefined;
  let at = start;
  const flags = buffer.readUInt8(at);
  const revision = buffer.readDoubleLE(at + 1);
  const id = readUuid(buffer, at + 9);
  const createdMs = buffer.readDoubleLE(at + 25);
  at += 33;
  const stream = readSized(buffer, at, end, 2);
  if (stream === undefined) return undefined;
  const type = readSized(buffer, stream.end, end, 2);
  if (type === undefined) return undefined;
  const data = readSized(buffer, type.end, end, 4);
  if (data === undefined) return undefined;
  const metadata = readSized(buffer, data.end, end, 4);
  if (metadata === undefined) return undefined;
  const entry: LogEntry = {
    offset: start - recordStart,
    stream: stream.bytes.toString('utf8'),
    revision,
    id,
    type: type.bytes.toString('utf8'),
    isJson: (flags & FLAG_JSON) !== 0,
    tombstone: (flags & FLAG_TOMBSTONE) !== 0,
    createdMs,
    data: data.bytes,
    metadata: metadata.bytes,
    dataOffset: type.end + 4 - recordStart,
  };
  return { entry, end: metadata.end };
};

const readSized = (
  buffer: Buffer,
  at: number,
  end: number,
  width: 2 | 4,
): { bytes: Buffer; end: number } | undefined => {
  if (end - at < width) return undefined;
  const length = width === 2 ? buffer.readUInt16LE(at) : buffer.readUInt32LE(at);
  const from = at + width;
  if (from + length > end) return undefined;
  return { bytes: buffer.subarray(from, from + length), end: from + length };
};
