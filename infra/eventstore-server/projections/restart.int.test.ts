import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../logger.ts';
import { openFileLog } from '../log/file-log.ts';
import { append, event, projectedStore, read } from './testing/events.ts';

let dataDir: string | undefined;
afterEach(async () => {
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

const reopen = async (dir: string) => projectedStore(await openFileLog(dir, silentLogger()));

describe('standard projections across a restart', () => {
  it('derives the same links again, and a disabled projection stays where it stopped', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'projections-'));
    const first = await reopen(dataDir);
    await append(first.store, 'order-1', event('OrderPlaced', 'c1'));
    await first.projections.disable('$by_category');
    await append(first.store, 'order-2', event('OrderPlaced', 'c1'));
    const links = read(first.store, '$bc-c1', true);
    first.projections.stop();
    await first.store.close();

    const second = await reopen(dataDir);
    expect(read(second.store, '$bc-c1', true)).toEqual(links);
    expect(read(second.store, '$ce-order')).toEqual(['$> 0@order-1']);
    expect(second.projections.get('$by_category').enabled).toBe(false);

    await second.projections.enable('$by_category');
    second.projections.stop();
    await second.store.close();

    const third = await reopen(dataDir);
    expect(read(third.store, '$ce-order')).toEqual(['$> 0@order-1', '$> 0@order-2']);
    expect(third.projections.get('$by_category').enabled).toBe(true);
    third.projections.stop();
    await third.store.close();
  });
});
