import { randomBytes } from 'node:crypto';
import { link, mkdir, open as openFile, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import {
  KeyErased,
  keyOwnerSchema,
  keyRecordSchema,
  newDataKey,
  unwrapKey,
  wrapKey,
  type KeyRecord,
  type PiiKeyStore,
} from './key-store.ts';
import type { DataKey } from './envelope.ts';

const isCode = (error: unknown, code: string): boolean =>
  error instanceof Error && 'code' in error && error.code === code;

/** Writes a file that only this user may read, flushed to disk before anyone can see it. */
const writeTemp = async (directory: string, record: KeyRecord): Promise<string> => {
  const temp = join(directory, `.${randomBytes(8).toString('hex')}.tmp`);
  const handle = await openFile(temp, 'wx', 0o600);
  try {
    await handle.writeFile(JSON.stringify(record));
    await handle.sync();
  } finally {
    await handle.close();
  }
  return temp;
};

/** Makes a link or rename in `directory` survive a crash: an erasure must not come undone. */
const syncDirectory = async (directory: string): Promise<void> => {
  const handle = await openFile(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
};

/**
 * Embedded mode's key store: one small JSON file per customer under `directory` (DATA_DIR/keys),
 * mode 0600, each data key wrapped under `kek`. A new key appears by link(2), so of two processes
 * creating one at once, one wins and both use its key; erasure replaces the file by rename(2)
 * with a tombstone. The old file's blocks may linger on disk, which is why the key is wrapped.
 */
export const fileKeyStore = (directory: string, kek: DataKey): PiiKeyStore => {
  const fileOf = (customerId: string) =>
    join(directory, `${keyOwnerSchema.parse(customerId)}.json`);
  const read = async (customerId: string): Promise<KeyRecord | undefined> => {
    try {
      return keyRecordSchema.parse(JSON.parse(await readFile(fileOf(customerId), 'utf8')));
    } catch (error) {
      if (isCode(error, 'ENOENT')) return undefined;
      throw error;
    }
  };
  const get = async (customerId: string) => {
    const record = await read(customerId);
    return record === undefined ? undefined : unwrapKey(kek, record);
  };
  return {
    get,
    async create(customerId) {
      const file = fileOf(customerId);
      const existing = await get(customerId);
      if (existing === 'erased') throw new KeyErased(customerId);
      if (existing !== undefined) return existing;
      await mkdir(directory, { recursive: true, mode: 0o700 });
      const dataKey = newDataKey();
      const temp = await writeTemp(directory, wrapKey(kek, customerId, dataKey));
      try {
        await link(temp, file);
        await syncDirectory(directory);
      } catch (error) {
        if (!isCode(error, 'EEXIST')) throw error;
        const winner = await get(customerId);
        if (winner === undefined || winner === 'erased') throw new KeyErased(customerId);
        return winner;
      } finally {
        await unlink(temp);
      }
      return dataKey;
    },
    async destroy(customerId) {
      const file = fileOf(customerId);
      await mkdir(directory, { recursive: true, mode: 0o700 });
      const tombstone = { customerId, erasedAt: new Date().toISOString() };
      await rename(await writeTemp(directory, tombstone), file);
      await syncDirectory(directory);
    },
    close: () => Promise.resolve(),
  };
};
