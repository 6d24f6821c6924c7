import { constants, fdatasync, readSync, write } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../logger.ts';
import type { Durable, EventLog, OpenedLog } from './event-log.ts';
import { lockDataDir } from './lock.ts';
import { FILE_MAGIC } from './record.ts';
import { checkLogHeader, recoverRecords } from './recovery.ts';
import { BlockCache } from './block-cache.ts';

/** The file the log lives in, inside the data directory. */
export const LOG_FILE_NAME = 'events.log';

interface Pending {
  readonly record: Buffer;
  readonly durable: Durable;
}

/**
 * A log file with group commit: records queued while a flush is under way are written and
 * fdatasync'ed together by the next flush, so concurrent appends share one sync. A record is
 * reported durable only after the sync that covers it returned.
 */
class FileLog implements EventLog {
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private failure: Error | undefined;
  private written: number;
  private syncCount = 0;
  private nextOffset: number;
  /** Until its records were read back, the log's end is unknown and it takes no writes. */
  private recovering = true;
  private readonly file: FileHandle;
  private readonly logger: Logger;
  private readonly unlock: () => Promise<void>;
  private readonly blocks: BlockCache;

  constructor(file: FileHandle, logger: Logger, unlock: () => Promise<void>) {
    this.file = file;
    this.unlock = unlock;
    this.written = 0;
    this.nextOffset = 0;
    this.logger = logger;
    this.blocks = new BlockCache((target, position) =>
      readSync(file.fd, target, 0, target.length, position),
    );
  }

  /** The log ends here, as reading it back found. */
  recovered(end: number): void {
    this.written = end;
    this.nextOffset = end;
    this.recovering = false;
  }

  read(offset: number, length: number): Buffer {
    if (offset + length > this.written) {
      throw new Error(
        `event log: ${String(length)} bytes at ${String(offset)} are not written yet`,
      );
    }
    return this.blocks.read(offset, length);
  }

  get end(): number {
    return this.nextOffset;
  }

  get syncs(): number {
    return this.syncCount;
  }

  write(record: Buffer, durable: Durable): number {
    if (this.recovering) throw new Error('event log: written before its records were read back');
    const offset = this.nextOffset;
    if (this.failure !== undefined) {
      const failure = this.failure;
      queueMicrotask(() => {
        durable(failure);
      });
      return offset;
    }
    this.nextOffset += record.length;
    this.queue.push({ record, durable });
    this.flushing ??= this.flush();
    return offset;
  }

  async close(): Promise<void> {
    await this.flushing;
    await this.file.close();
    await this.unlock();
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      const bytes =
        batch.length === 1 ? batch[0]?.record : Buffer.concat(batch.map((p) => p.record));
      try {
        if (bytes !== undefined) await this.writeAll(bytes);
        await this.datasync();
        this.syncCount++;
      } catch (error) {
        this.fail(error instanceof Error ? error : new Error(String(error)), batch);
        break;
      }
      for (const pending of batch) pending.durable();
    }
    this.flushing = undefined;
  }

  // The callback API on the raw descriptor: FileHandle's promise methods cost several times more
  // per call, which group commit pays on every flush.
  private async writeAll(bytes: Buffer): Promise<void> {
    let done = 0;
    while (done < bytes.length) {
      const written = await new Promise<number>((resolve, reject) => {
        write(this.file.fd, bytes, done, bytes.length - done, this.written, (error, count) => {
          if (error) reject(error);
          else resolve(count);
        });
      });
      done += written;
      this.written += written;
    }
  }

  private datasync(): Promise<void> {
    return new Promise((resolve, reject) => {
      fdatasync(this.file.fd, (error) => {
        if (error) reject(error);
        else resolve();
      });
    });
  }

  // After a failed write or sync the file's tail is unknown, so the log refuses further writes;
  // a restart recovers it (cutting any torn tail).
  private fail(error: Error, batch: Pending[]): void {
    this.failure = error;
    this.logger.error({ err: error }, 'event log: write failed; refusing further appends');
    for (const pending of [...batch, ...this.queue]) pending.durable(error);
    this.queue = [];
  }
}

/** Opens (creating if needed) the log in `dataDir` and reads back what it holds. */
export const openFileLog = async (dataDir: string, logger: Logger): Promise<OpenedLog> => {
  await mkdir(dataDir, { recursive: true });
  const unlock = await lockDataDir(dataDir);
  const path = join(dataDir, LOG_FILE_NAME);
  const file = await open(path, constants.O_RDWR | constants.O_CREAT, 0o644).catch(
    async (error: unknown) => {
      await unlock();
      throw error;
    },
  );
  try {
    await syncDirectory(dataDir);
    const size = await checkLogHeader(file, path);
    const log = new FileLog(file, logger, unlock);
    // An empty log has nothing to read back, so it takes writes at once.
    if (size === FILE_MAGIC.length) log.recovered(size);
    const records = {
      [Symbol.iterator]: () =>
        recoverRecords(file.fd, size, path, logger, (end) => {
          log.recovered(end);
        }),
    };
    return { log, records };
  } catch (error) {
    await file.close();
    await unlock();
    throw error;
  }
};

// The file's directory entry must be durable too, or a crash could lose a fresh log file.
const syncDirectory = async (dir: string): Promise<void> => {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
};
