import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Processed } from './processed-ids.ts';
import { fileProcessedIds } from './processed-ids-file.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'processed-ids-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const entry = (eventId: string): Processed => ({
  eventId,
  type: 'OrderShipped',
  orderId: 'ord-1',
  customerId: 'cust-1',
  outcome: 'sent',
  at: '2025-06-02T12:00:00.000Z',
});

describe('the processed-ids file', () => {
  it('given ids recorded, when reopened, then they are still processed; a repeat is written once', async () => {
    const file = join(dir, 'notifications', 'processed.jsonl');
    const first = await fileProcessedIds(file);
    await first.record(entry('e-1'));
    await first.record(entry('e-1'));
    await first.record(entry('e-2'));
    await first.close();
    const again = await fileProcessedIds(file);
    expect(await again.has('e-1')).toBe(true);
    expect(await again.has('e-3')).toBe(false);
    expect((await again.list()).map((processed) => processed.eventId)).toEqual(['e-1', 'e-2']);
    await again.close();
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(2);
  });

  it('given a torn last line (a crash mid-append), then that id is not processed and the next record is whole', async () => {
    const file = join(dir, 'processed.jsonl');
    const first = await fileProcessedIds(file);
    await first.record(entry('e-1'));
    await first.close();
    await appendFile(file, JSON.stringify(entry('e-2')).slice(0, 30));
    const again = await fileProcessedIds(file);
    expect(await again.has('e-2')).toBe(false);
    await again.record(entry('e-3'));
    await again.close();
    const reopened = await fileProcessedIds(file);
    expect((await reopened.list()).map((processed) => processed.eventId)).toEqual(['e-1', 'e-3']);
    await reopened.close();
  });
});
