import { fdatasyncSync, ftruncateSync, readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { Logger } from '../../logger.ts';
import type { RecoveredRecord } from './event-log.ts';
import { decodeRecord, FILE_MAGIC, MAX_BODY_SIZE, RECORD_HEADER_SIZE } from './record.ts';

/** How much of the file recovery reads at once: a record larger than this gets a read of its own. */
const CHUNK_SIZE = 16 * 1024 * 1024;

/**
 * Checks the file's header: a file cut short inside its header is started afresh; a file with a
 * foreign header is refused rather than overwritten. Answers the file's size.
 */
export const checkLogHeader = async (file: FileHandle, path: string): Promise<number> => {
  const { size } = await file.stat();
  const head = Buffer.alloc(Math.min(size, FILE_MAGIC.length));
  if (head.length > 0) await file.read(head, 0, head.length, 0);
  if (size < FILE_MAGIC.length) {
    if (!FILE_MAGIC.subarray(0, head.length).equals(head)) throw foreign(path);
    await file.truncate(0);
    await file.write(FILE_MAGIC, 0, FILE_MAGIC.length, 0);
    await file.datasync();
    return FILE_MAGIC.length;
  }
  if (!head.equals(FILE_MAGIC)) throw foreign(path);
  return size;
};

/**
 * The log's records, read from the file a chunk at a time as they are iterated, so a log larger
 * than memory opens. The first record that is short or fails its checksum ends the log: it and
 * everything after it are a crash's leftovers, so the file is truncated there (and synced) and the
 * cut is logged. `ended` hears where the log ends once the walk is over.
 */
export function* recoverRecords(
  fd: number,
  size: number,
  path: string,
  logger: Logger,
  ended: (end: number) => void,
  chunkSize = CHUNK_SIZE,
): Generator<RecoveredRecord> {
  let at = FILE_MAGIC.length;
  let chunk: Buffer = Buffer.alloc(0);
  let chunkStart = at;
  while (at < size) {
    let within = at - chunkStart;
    if (!holdsRecord(chunk, within)) {
      chunk = readChunk(fd, at, Math.min(size - at, Math.max(chunkSize, wanted(chunk, within))));
      chunkStart = at;
      within = 0;
      // A header announcing more than one chunk: read it whole (the decoder checks the bound).
      if (!holdsRecord(chunk, within) && chunk.length < size - at) {
        chunk = readChunk(fd, at, Math.min(size - at, wanted(chunk, within)));
      }
    }
    const decoded = decodeRecord(chunk, within, chunk.length);
    if (decoded.kind === 'end') break;
    if (decoded.kind === 'torn') {
      logger.warn(
        { path, cutAt: at, bytesCut: size - at, reason: decoded.reason },
        'event log: torn record at the end of the log (crash during a write); cutting it off',
      );
      ftruncateSync(fd, at);
      fdatasyncSync(fd);
      break;
    }
    yield { offset: at, entries: decoded.entries };
    at = chunkStart + decoded.next;
  }
  ended(at);
}

/** Whether the chunk holds the whole record starting at `within`. */
const holdsRecord = (chunk: Buffer, within: number): boolean =>
  chunk.length - within >= RECORD_HEADER_SIZE &&
  chunk.length - within >= RECORD_HEADER_SIZE + chunk.readUInt32LE(within);

/**
 * The bytes the record at `within` claims, header included (a header's worth when unknown); no
 * more than the largest record, since a damaged header may claim anything.
 */
const wanted = (chunk: Buffer, within: number): number =>
  chunk.length - within >= RECORD_HEADER_SIZE
    ? RECORD_HEADER_SIZE + Math.min(chunk.readUInt32LE(within), MAX_BODY_SIZE)
    : RECORD_HEADER_SIZE;

const readChunk = (fd: number, position: number, length: number): Buffer => {
  const chunk = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const count = readSync(fd, chunk, filled, length - filled, position + filled);
    if (count === 0) break;
    filled += count;
  }
  return chunk.subarray(0, filled);
};

const foreign = (path: string): Error =>
  new Error(`${path} is not an Order Ledger event log (unknown header); refusing to touch it`);
