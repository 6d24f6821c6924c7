import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { LOG_FILE_NAME, openFileLog } from './file-log.ts';
import { encodeRecord, FILE_MAGIC } from './record.ts';
import { logEntry, writeRecord } from './testing/entries.ts';

const silent = pino({ level: 'silent' });

describe('file log', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'file-log-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads back every durable record, in order, after a reopen', async () => {
    const first = await openFileLog(dir, silent);
    expect([...first.records]).toEqual([]);
    const offsets = await Promise.all(
      [0, 1, 2].map((n) => writeRecord(first.log, encodeRecord([logEntry(n)]).record)),
    );
    expect(offsets[0]).toBe(FILE_MAGIC.length);
    await first.log.close();

    const second = await openFileLog(dir, silent);
    const reopened = [...second.records];
    expect(reopened.map((r) => r.offset)).toEqual(offsets);
    expect(reopened.map((r) => r.entries[0]?.revision)).toEqual([0, 1, 2]);
    expect(second.log.end).toBe((await stat(join(dir, LOG_FILE_NAME))).size);
    await second.log.close();
  });

  it('cuts off a torn tail, logs it, and appends after the last whole record', async () => {
    const first = await openFileLog(dir, silent);
    await writeRecord(first.log, encodeRecord([logEntry(0)]).record);
    await first.log.close();
    const path = join(dir, LOG_FILE_NAME);
    const goodSize = (await stat(path)).size;
    const half = encodeRecord([logEntry(1)]).record;
    await appendFile(path, half.subarray(0, half.length - 3));

    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    const second = await openFileLog(dir, logger);
    expect([...second.records]).toHaveLength(1);
    expect((await stat(path)).size).toBe(goodSize);
    expect(lines.join('')).toContain('torn record');
    await writeRecord(second.log, encodeRecord([logEntry(1)]).record);
    await second.log.close();

    const third = await openFileLog(dir, silent);
    expect([...third.records].map((r) => r.entries[0]?.revision)).toEqual([0, 1]);
    await third.log.close();
  });

  it('refuses a file that is not one of its logs', async () => {
    await writeFile(join(dir, LOG_FILE_NAME), 'somebody else s precious data');
    await expect(openFileLog(dir, silent)).rejects.toThrow(/not an Order Ledger event log/);
    expect(await readFile(join(dir, LOG_FILE_NAME), 'utf8')).toBe('somebody else s precious data');
  });

  it('refuses a second log on the same directory until the first is closed', async () => {
    const first = await openFileLog(dir, silent);
    await expect(openFileLog(dir, silent)).rejects.toThrow(/already used/);
    await first.log.close();
    const again = await openFileLog(dir, silent);
    await again.log.close();
  });

  it('shares one sync among records queued while a sync is under way', async () => {
    const { log } = await openFileLog(dir, silent);
    const order: number[] = [];
    const all = Array.from({ length: 50 }, (_, n) =>
      writeRecord(log, encodeRecord([logEntry(n)]).record).then(() => order.push(n)),
    );
    await Promise.all(all);
    expect(order).toEqual(Array.from({ length: 50 }, (_, n) => n));
    // The first record syncs alone; the 49 queued behind it share the next sync or two.
    expect(log.syncs).toBeGreaterThanOrEqual(2);
    expect(log.syncs).toBeLessThanOrEqual(3);
    await log.close();
  });
});
