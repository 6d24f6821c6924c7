import { appendFile, mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOG_FILE_NAME, openFileLog } from './file-log.ts';
import type { RecoveredRecord } from './event-log.ts';
import { encodeRecord, type NewLogEntry } from './record.ts';
import { recoverRecords } from './recovery.ts';
import { logEntry, writeRecord } from './testing/entries.ts';

const entry = (revision: number, size: number): NewLogEntry =>
  logEntry(revision, {
    data: Buffer.alloc(size, revision % 256),
    metadata: Buffer.from(`{"n":${String(revision)}}`),
  });
const silent = pino({ level: 'silent' });
// Sizes around and beyond the small chunks the walk is given below.
const sizes = [10, 300, 5, 1000, 0, 77, 2500, 64, 64, 64, 1];

describe('log recovery: given a log file, when it is read back a chunk at a time', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recovery-'));
    const { log } = await openFileLog(dir, silent);
    await Promise.all(
      sizes.map((size, n) =>
        writeRecord(log, encodeRecord([entry(n, size), entry(n + 100, size)]).record),
      ),
    );
    await log.close();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const walk = async (chunkSize?: number) => {
    const path = join(dir, LOG_FILE_NAME);
    const file = await open(path, 'r+');
    const { size } = await file.stat();
    const ends: number[] = [];
    const records: RecoveredRecord[] = [
      ...recoverRecords(file.fd, size, path, silent, (end) => ends.push(end), chunkSize),
    ];
    await file.close();
    return { records, ends, size };
  };
  const summary = (records: readonly RecoveredRecord[]) =>
    records.map(({ offset, entries }) => ({
      offset,
      entries: entries.map((e) => [e.revision, e.data.toString('hex'), e.metadata.toString()]),
    }));

  it('finds every record, whole, whatever the chunk size, records larger than a chunk included', async () => {
    const whole = await walk();
    expect(whole.records).toHaveLength(sizes.length);
    expect(whole.ends).toEqual([whole.size]);
    for (const chunkSize of [1, 50, 333, 4096]) {
      const chunked = await walk(chunkSize);
      expect(summary(chunked.records)).toEqual(summary(whole.records));
      expect(chunked.ends).toEqual([whole.size]);
    }
  });

  it('cuts a torn tail off at the same place with small chunks', async () => {
    const path = join(dir, LOG_FILE_NAME);
    const goodSize = (await stat(path)).size;
    const torn = encodeRecord([entry(50, 900)]).record;
    await appendFile(path, torn.subarray(0, torn.length - 10));
    const chunked = await walk(128);
    expect(chunked.records).toHaveLength(sizes.length);
    expect(chunked.ends).toEqual([goodSize]);
    expect((await stat(path)).size).toBe(goodSize);
  });
});
