import { readFile, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const heldHere = new Set<string>();

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Takes the data directory for this process (a LOCK file with our pid), so two servers never
 * append to one log. A lock left by a process that is gone (a crash) is taken over. Resolves to
 * the release function.
 */
export const lockDataDir = async (dir: string): Promise<() => Promise<void>> => {
  const path = join(resolve(dir), 'LOCK');
  if (heldHere.has(path))
    throw new Error(`${dir} is already used by an event store in this process`);
  try {
    await writeFile(path, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const owner = Number((await readFile(path, 'utf8')).trim());
    if (Number.isInteger(owner) && owner !== process.pid && alive(owner)) {
      throw new Error(
        `${dir} is used by another event store (process ${owner}); remove ${path} if it is not`,
        { cause: error },
      );
    }
    await writeFile(path, String(process.pid));
  }
  heldHere.add(path);
  return async () => {
    heldHere.delete(path);
    await unlink(path).catch(() => undefined);
  };
};
