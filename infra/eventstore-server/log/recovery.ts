import type { FileHandle } from 'node:fs/promises';
import type { Logger } from '../../logger.ts';
import type { RecoveredRecord } from './event-log.ts';
import { decodeRecord, FILE_MAGIC } from './record.ts';

/** What recovery found: the records and where the next one goes. */
export interface Recovery {
  readonly records: RecoveredRecord[];
  readonly end: number;
}

/**
 * Reads a log file back. A file cut short inside its header is started afresh; a file with a
 * foreign header is refused rather than overwritten. The first record that is short or fails its
 * checksum ends the log: it and everything after it are a crash's leftovers, so the file is
 * truncated there (and synced) and the cut is logged.
 */
export const recoverLogFile = async (
  file: FileHandle,
  path: string,
  logger: Logger,
): Promise<Recovery> => {
  const contents = await file.readFile();
  if (contents.length < FILE_MAGIC.length) {
    if (!FILE_MAGIC.subarray(0, contents.length).equals(contents)) throw foreign(path);
    await file.truncate(0);
    await file.write(FILE_MAGIC, 0, FILE_MAGIC.length, 0);
    await file.datasync();
    return { records: [], end: FILE_MAGIC.length };
  }
  if (!contents.subarray(0, FILE_MAGIC.length).equals(FILE_MAGIC)) throw foreign(path);

  const records: RecoveredRecord[] = [];
  let at = FILE_MAGIC.length;
  for (;;) {
    const decoded = decodeRecord(contents, at, contents.length);
    if (decoded.kind === 'end') break;
    if (decoded.kind === 'torn') {
      logger.warn(
        { path, cutAt: at, bytesCut: contents.length - at, reason: decoded.reason },
        'event log: torn record at the end of the log (crash during a write); cutting it off',
      );
      await file.truncate(at);
      await file.datasync();
      break;
    }
    records.push({ offset: at, entries: decoded.entries });
    at = decoded.next;
  }
  return { records, end: at };
};

const foreign = (path: string): Error =>
  new Error(`${path} is not an Order Ledger event log (unknown header); refusing to touch it`);
