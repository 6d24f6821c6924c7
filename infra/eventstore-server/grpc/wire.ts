import {
  DELETED_REVISION,
  DELETED_REVISION_WIRE,
  type EventRecord,
  type ResolvedEvent,
} from '../store/records.ts';

/**
 * Hand-written protobuf encoding of the messages that carry events (ReadResp in the streams and
 * persistent-subscriptions protocols). They are the hot path of every read and subscription, and
 * building them with google-protobuf objects costs a dozen allocations per event; the layout here
 * follows streams.proto / persistent.proto field for field (both share the RecordedEvent layout).
 */

/** How event ids are written: as text, or as two 64-bit halves ("structured"). */
export type UuidMode = 'string' | 'structured';

const JSON_TYPE = Buffer.from('application/json');
const BINARY_TYPE = Buffer.from('application/octet-stream');
const KEY_TYPE = Buffer.from('type');
const KEY_CONTENT_TYPE = Buffer.from('content-type');
const KEY_CREATED = Buffer.from('created');
const DELETED_VARINT = bigVarint(BigInt(DELETED_REVISION_WIRE));

function bigVarint(value: bigint): Buffer {
  const bytes: number[] = [];
  let rest = BigInt.asUintN(64, value);
  while (rest >= 0x80n) {
    bytes.push(Number(rest & 0x7fn) | 0x80);
    rest >>= 7n;
  }
  bytes.push(Number(rest));
  return Buffer.from(bytes);
}

const varintSize = (value: number): number => {
  let size = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 0x80)) size++;
  return size;
};

const writeVarint = (target: Buffer, at: number, value: number): number => {
  let offset = at;
  let rest = value;
  while (rest >= 0x80) {
    target[offset++] = (rest % 0x80) | 0x80;
    rest = Math.floor(rest / 0x80);
  }
  target[offset++] = rest;
  return offset;
};

/** Size of a length-delimited field (tag, length, payload) with a one-byte tag. */
const fieldSize = (payload: number): number => 1 + varintSize(payload) + payload;

const revisionSize = (revision: number): number =>
  revision === DELETED_REVISION ? DELETED_VARINT.length : varintSize(revision);

interface Shape {
  readonly total: number;
  readonly id: number;
  readonly stream: number;
  readonly streamName: number;
  readonly type: number;
  readonly created: string;
  readonly contentType: Buffer;
}

const shapeOf = (record: EventRecord, uuid: UuidMode, structured?: Buffer): Shape => {
  const streamName = Buffer.byteLength(record.stream);
  const type = Buffer.byteLength(record.type);
  const created = String(Math.round(record.createdMs) * 10_000);
  const contentType = record.isJson ? JSON_TYPE : BINARY_TYPE;
  const id = uuid === 'string' ? fieldSize(36) : (structured?.length ?? 0);
  const stream = fieldSize(streamName);
  let total = fieldSize(id) + fieldSize(stream);
  if (record.revision !== 0) total += 1 + revisionSize(record.revision);
  if (record.position !== 0) total += 2 * (1 + varintSize(record.position));
  total += fieldSize(fieldSize(KEY_TYPE.length) + fieldSize(type));
  total += fieldSize(fieldSize(KEY_CONTENT_TYPE.length) + fieldSize(contentType.length));
  total += fieldSize(fieldSize(KEY_CREATED.length) + fieldSize(created.length));
  if (record.metadata.length > 0) total += fieldSize(record.metadata.length);
  if (record.data.length > 0) total += fieldSize(record.data.length);
  return { total, id, stream, streamName, type, created, contentType };
};

const structuredId = (id: string): Buffer => {
  const bytes = Buffer.from(id.replaceAll('-', ''), 'hex');
  const most = bigVarint(bytes.readBigInt64BE(0));
  const least = bigVarint(bytes.readBigInt64BE(8));
  const halves = Buffer.concat([Buffer.from([0x08]), most, Buffer.from([0x10]), least]);
  return Buffer.concat([Buffer.from([0x0a, halves.length]), halves]);
};

const writeBytesField = (target: Buffer, at: number, tag: number, bytes: Uint8Array): number => {
  target[at] = tag;
  const offset = writeVarint(target, at + 1, bytes.length);
  target.set(bytes, offset);
  return offset + bytes.length;
};

const writeStringField = (
  target: Buffer,
  at: number,
  tag: number,
  text: string,
  size: number,
): number => {
  target[at] = tag;
  const offset = writeVarint(target, at + 1, size);
  return offset + target.write(text, offset, size, 'utf8');
};

const writeMapEntry = (
  target: Buffer,
  at: number,
  key: Buffer,
  value: string | Buffer,
  valueSize: number,
): number => {
  target[at] = 0x32;
  let offset = writeVarint(target, at + 1, fieldSize(key.length) + fieldSize(valueSize));
  offset = writeBytesField(target, offset, 0x0a, key);
  return typeof value === 'string'
    ? writeStringField(target, offset, 0x12, value, valueSize)
    : writeBytesField(target, offset, 0x12, value);
};

const writeRecordedEvent = (
  target: Buffer,
  at: number,
  record: EventRecord,
  shape: Shape,
  structured?: Buffer,
): number => {
  target[at] = 0x0a;
  let offset = writeVarint(target, at + 1, shape.id);
  offset =
    structured === undefined
      ? writeStringField(target, offset, 0x12, record.id, 36)
      : offset + structured.copy(target, offset);
  target[offset] = 0x12;
  offset = writeVarint(target, offset + 1, shape.stream);
  offset = writeStringField(target, offset, 0x1a, record.stream, shape.streamName);
  if (record.revision !== 0) {
    target[offset++] = 0x18;
    offset =
      record.revision === DELETED_REVISION
        ? offset + DELETED_VARINT.copy(target, offset)
        : writeVarint(target, offset, record.revision);
  }
  if (record.position !== 0) {
    target[offset] = 0x20;
    offset = writeVarint(target, offset + 1, record.position);
    target[offset] = 0x28;
    offset = writeVarint(target, offset + 1, record.position);
  }
  offset = writeMapEntry(target, offset, KEY_TYPE, record.type, shape.type);
  offset = writeMapEntry(
    target,
    offset,
    KEY_CONTENT_TYPE,
    shape.contentType,
    shape.contentType.length,
  );
  offset = writeMapEntry(target, offset, KEY_CREATED, shape.created, shape.created.length);
  if (record.metadata.length > 0) offset = writeBytesField(target, offset, 0x3a, record.metadata);
  if (record.data.length > 0) offset = writeBytesField(target, offset, 0x42, record.data);
  return offset;
};

/** What to add after the recorded events of a ReadEvent. */
export interface ReadEventExtras {
  /** Commit position of the original event; "no position" when undefined. */
  readonly commitPosition: number | undefined;
  /** Persistent subscriptions only: the delivery's retry count. */
  readonly retryCount?: number;
}

/** Encodes `ReadResp { event: ReadEvent { event, link, commit_position, retry_count } }`. */
export const encodeReadEventResponse = (
  resolved: ResolvedEvent,
  uuid: UuidMode,
  extras: ReadEventExtras,
): Buffer => {
  const parts = [resolved.event, resolved.link].map((record) => {
    if (record === undefined) return undefined;
    const structured = uuid === 'structured' ? structuredId(record.id) : undefined;
    return { record, structured, shape: shapeOf(record, uuid, structured) };
  });
  let inner = 0;
  for (const part of parts) if (part !== undefined) inner += fieldSize(part.shape.total);
  inner += extras.commitPosition === undefined ? 2 : 1 + varintSize(extras.commitPosition);
  if (extras.retryCount !== undefined) inner += 1 + varintSize(extras.retryCount);
  const target = Buffer.allocUnsafe(fieldSize(inner));
  target[0] = 0x0a;
  let offset = writeVarint(target, 1, inner);
  parts.forEach((part, index) => {
    if (part === undefined) return;
    target[offset] = index === 0 ? 0x0a : 0x12;
    offset = writeVarint(target, offset + 1, part.shape.total);
    offset = writeRecordedEvent(target, offset, part.record, part.shape, part.structured);
  });
  if (extras.commitPosition === undefined) {
    target[offset++] = 0x22;
    target[offset++] = 0;
  } else {
    target[offset] = 0x18;
    offset = writeVarint(target, offset + 1, extras.commitPosition);
  }
  if (extras.retryCount !== undefined) {
    target[offset] = 0x28;
    offset = writeVarint(target, offset + 1, extras.retryCount);
  }
  if (offset !== target.length)
    throw new Error(`ReadResp encoding wrote ${offset} of ${target.length} bytes`);
  return target;
};
