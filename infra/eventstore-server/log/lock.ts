import { readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type * as sqlite from 'node:sqlite';
import { z } from 'zod';

/** The file the lock is taken on; it is never deleted (see below). */
export const LOCK_FILE_NAME = 'lock.sqlite';
/** Our pid, for the message a refused process prints; never used to decide. */
export const LOCK_OWNER_FILE_NAME = 'lock.pid';
/** Before the OS lock, a pid file; a data directory may still hold one. */
export const LEGACY_LOCK_FILE_NAME = 'LOCK';

// fcntl locks do not conflict within one process, so a second server here is refused by name.
const heldHere = new Set<string>();

const busy = z.object({ errcode: z.literal(5) }); // SQLITE_BUSY
const sqliteWarning = /^SQLite is an experimental feature/;

// Some Node 24 releases print an ExperimentalWarning when node:sqlite is first loaded; it says
// nothing to whoever runs the server, so that one warning, and only while loading, is dropped.
const loadSqlite = async (): Promise<typeof sqlite> => {
  const original = Object.getOwnPropertyDescriptor(process, 'emitWarning');
  const emit = process.emitWarning.bind(process);
  process.emitWarning = (warning: string | Error, ...rest: unknown[]): void => {
    const message = typeof warning === 'string' ? warning : warning.message;
    if (sqliteWarning.test(message)) return;
    Reflect.apply(emit, undefined, [warning, ...rest]);
  };
  try {
    return await import('node:sqlite');
  } finally {
    if (original) Object.defineProperty(process, 'emitWarning', original);
    else Reflect.deleteProperty(process, 'emitWarning');
  }
};

const ownerOf = async (dir: string): Promise<string> => {
  const text = await readFile(join(dir, LOCK_OWNER_FILE_NAME), 'utf8').catch(() => '');
  const pid = z.coerce.number().int().positive().safeParse(text.trim());
  return pid.success ? `process ${pid.data}` : 'another process';
};

const releaseOf =
  (db: sqlite.DatabaseSync, root: string, path: string) => async (): Promise<void> => {
    if (!db.isOpen) return;
    // The pid file goes while the lock is still ours, so it never removes a successor's.
    // The lock file stays: deleting it would let two processes lock two different files.
    await rm(join(root, LOCK_OWNER_FILE_NAME), { force: true });
    db.close();
    heldHere.delete(path);
  };

/**
 * Takes the data directory for this process, so two servers never append to one log; resolves
 * to the release function. Throws when a live process holds it.
 *
 * The lock is SQLite's exclusive lock on `lock.sqlite`: an fcntl write lock, which the kernel
 * drops the moment its process exits, `kill -9` included and before the process is reaped, so a
 * crash never blocks the next start (a pid file cannot tell a dying or reused pid from a live
 * owner). node:sqlite is built into Node; native flock/fcntl addons need node-gyp headers that
 * cannot be fetched where this runs.
 */
export const lockDataDir = async (dir: string): Promise<() => Promise<void>> => {
  const root = resolve(dir);
  const path = join(root, LOCK_FILE_NAME);
  if (heldHere.has(path))
    throw new Error(`${dir} is already used by an event store in this process`);
  heldHere.add(path);
  try {
    const { DatabaseSync } = await loadSqlite();
    const db = new DatabaseSync(path, { timeout: 0 });
    try {
      db.exec('PRAGMA locking_mode=EXCLUSIVE');
      // Nothing is ever written, so no journal file is needed beside the lock file.
      db.exec('PRAGMA journal_mode=MEMORY');
      db.exec('BEGIN EXCLUSIVE');
      await rm(join(root, LEGACY_LOCK_FILE_NAME), { force: true });
      await writeFile(join(root, LOCK_OWNER_FILE_NAME), `${process.pid}\n`);
    } catch (error) {
      db.close();
      throw error;
    }
    return releaseOf(db, root, path);
  } catch (error) {
    heldHere.delete(path);
    if (!busy.safeParse(error).success) throw error;
    throw new Error(
      `${dir} is used by a running event store (${await ownerOf(root)}); stop it, or use another data directory`,
      { cause: error },
    );
  }
};
