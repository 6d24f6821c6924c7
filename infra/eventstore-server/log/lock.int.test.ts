import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  LEGACY_LOCK_FILE_NAME,
  LOCK_FILE_NAME,
  LOCK_OWNER_FILE_NAME,
  lockDataDir,
} from './lock.ts';

const holdLock = fileURLToPath(new URL('./testing/hold-lock.ts', import.meta.url));

interface Holder {
  /** The pid of the process that holds the lock. */
  readonly pid: number;
  /** Everything it wrote on stderr. */
  readonly stderr: () => string;
}

/**
 * Resolves once `child` (running hold-lock.ts, perhaps under a shell) holds the lock, with
 * the holder's pid as it printed it.
 */
const startHolder = async (child: ChildProcess): Promise<Holder> => {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`the holder exited (${String(code)}) before it held the lock: ${stderr}`);
  });
  const locked = (async () => {
    if (!child.stdout) throw new Error('the holder has no stdout');
    for await (const line of createInterface({ input: child.stdout })) {
      const match = /^locked (\d+)$/.exec(line);
      if (match) return Number(match[1]);
    }
    throw new Error(`the holder never said it held the lock: ${stderr}`);
  })();
  return { pid: await Promise.race([locked, exited]), stderr: () => stderr };
};

/**
 * True once `pid` is a zombie with no thread left: dead, its files closed, but not reaped by its
 * parent. (A killed process's first thread shows as a zombie while its other threads still exit.)
 */
const zombie = async (pid: number): Promise<boolean> => {
  const { stdout } = await promisify(execFile)('ps', [
    '-o',
    'stat=,nlwp=',
    '-p',
    String(pid),
  ]).catch(() => ({ stdout: '' }));
  const [state, threads] = stdout.trim().split(/\s+/);
  return state?.startsWith('Z') === true && threads === '1';
};

describe('the data directory lock', () => {
  let dir: string;
  let children: ChildProcess[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'eventstore-lock-'));
  });
  afterEach(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    children = [];
    await rm(dir, { recursive: true, force: true });
  });
  const spawnChild = (command: string, args: readonly string[]) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    return child;
  };

  test('given a live process holding it, another process is refused with its pid, without a warning from node:sqlite', async () => {
    const holder = await startHolder(spawnChild(process.execPath, [holdLock, dir]));

    await expect(lockDataDir(dir)).rejects.toThrow(
      `${dir} is used by a running event store (process ${holder.pid})`,
    );
    expect(holder.stderr()).not.toMatch(/ExperimentalWarning/);
  });

  test('given its holder was killed with -9 and is dead but not yet reaped, the lock is taken at once', async () => {
    // The holder's parent is `sleep`, which never reaps it: it stays a zombie whose pid still
    // answers `kill(pid, 0)`, the case that made the pid-file lock refuse a restart.
    const parent = spawnChild('sh', [
      '-c',
      '"$0" "$1" "$2" & exec sleep 600',
      process.execPath,
      holdLock,
      dir,
    ]);
    const holder = await startHolder(parent);
    await expect(lockDataDir(dir)).rejects.toThrow(/is used by a running event store/);

    process.kill(holder.pid, 'SIGKILL');
    while (!(await zombie(holder.pid))) await new Promise((resolve) => setImmediate(resolve));
    expect(() => process.kill(holder.pid, 0)).not.toThrow();

    const release = await lockDataDir(dir);
    expect((await readFile(join(dir, LOCK_OWNER_FILE_NAME), 'utf8')).trim()).toBe(
      String(process.pid),
    );
    await release();
  });

  test('given a holder killed with -9, a new process takes the lock as soon as it is gone', async () => {
    for (let round = 0; round < 3; round++) {
      const child = spawnChild(process.execPath, [holdLock, dir]);
      await startHolder(child);
      child.kill('SIGKILL');
      await once(child, 'exit');
      const release = await lockDataDir(dir);
      await release();
    }
  });

  test('given a legacy pid LOCK file naming a live unrelated process, the lock is taken and the file removed', async () => {
    await writeFile(join(dir, LEGACY_LOCK_FILE_NAME), String(process.ppid));
    expect(() => process.kill(process.ppid, 0)).not.toThrow();

    const release = await lockDataDir(dir);
    await expect(stat(join(dir, LEGACY_LOCK_FILE_NAME))).rejects.toMatchObject({ code: 'ENOENT' });
    await release();
  });

  test('within one process, a second lock is refused until the first is released; only the lock file stays, no journal', async () => {
    const release = await lockDataDir(dir);
    await expect(lockDataDir(dir)).rejects.toThrow(
      /already used by an event store in this process/,
    );
    await release();
    await release();

    expect(await readdir(dir)).toEqual([LOCK_FILE_NAME]);
    const again = await lockDataDir(dir);
    await again();
  });
});
