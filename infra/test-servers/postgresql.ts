import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { spawnInBackground } from './background-process.ts';

const run = promisify(execFile);
const readyTimeoutMs = 30_000;
const stopGraceMs = 10_000;

/** A PostgreSQL cluster of a test run's own, reached through a unix socket in its directory. */
export interface LocalPostgres {
  /** A libpq/pgx URL: `postgres:///postgres?host=<socket dir>&user=postgres`. */
  readonly url: string;
  readonly dir: string;
  readonly logFile: string;
  /** Stops the server (a fast shutdown, SIGKILL after 10 s) and removes its directory. */
  stop(): Promise<void>;
}

/**
 * Debian's PostgreSQL server programs (initdb, postgres): the newest /usr/lib/postgresql/N/bin,
 * else wherever `pg_config --bindir` says. Rejects with what to install when there are none.
 */
const serverBinaries = async (): Promise<string> => {
  const versions = await readdir('/usr/lib/postgresql').catch(() => []);
  const newest = versions
    .map(Number)
    .filter((version) => Number.isInteger(version))
    .sort((a, b) => b - a)
    .map((version) => join('/usr/lib/postgresql', String(version), 'bin'))
    .find((bin) => existsSync(join(bin, 'postgres')));
  if (newest !== undefined) return newest;
  const configured = await run('pg_config', ['--bindir']).then(
    ({ stdout }) => stdout.trim(),
    () => '',
  );
  if (configured !== '' && existsSync(join(configured, 'postgres'))) return configured;
  throw new Error(
    'no PostgreSQL server programs (initdb, postgres): run infra/provision/postgresql.sh ' +
      '(apt-get install postgresql)',
  );
};

/** PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` user. */
const serverUser = async (): Promise<{ uid: number; gid: number } | undefined> => {
  if (process.getuid?.() !== 0) return undefined;
  const passwd = await readFile('/etc/passwd', 'utf8');
  const fields = passwd
    .split('\n')
    .map((line) => line.split(':'))
    .find(([name]) => name === 'postgres');
  const [uid, gid] = [Number(fields?.[2]), Number(fields?.[3])];
  if (!Number.isInteger(uid) || !Number.isInteger(gid))
    throw new Error('running as root and there is no postgres user to run PostgreSQL as');
  return { uid, gid };
};

/**
 * initdb's a new cluster in a temporary directory and starts it listening on a unix socket there
 * only (no TCP port to collide with a neighbour's), trusting local connections; resolves once it
 * accepts them. Durability is off: test data need not survive a crash.
 */
export const startLocalPostgres = async (): Promise<LocalPostgres> => {
  const bin = await serverBinaries();
  const user = await serverUser();
  const dir = await mkdtemp(join(tmpdir(), 'order-ledger-pg-'));
  const data = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  try {
    if (user) await chown(dir, user.uid, user.gid);
    await run(
      join(bin, 'initdb'),
      ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'],
      { ...user },
    );
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${describe(error)}`, { cause: error });
  }
  const settings = {
    listen_addresses: '',
    unix_socket_directories: dir,
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    max_connections: '200',
  };
  const server = spawnInBackground(
    join(bin, 'postgres'),
    [
      '-D',
      data,
      ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ],
    { logFile, orphanDir: dir },
    user,
  );
  const stop = async () => {
    await server.stop(stopGraceMs);
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    const log = await readFile(logFile, 'utf8').catch(() => '');
    if (log.includes('database system is ready to accept connections')) break;
    const ended = server.exitReason();
    if (ended !== undefined || Date.now() > deadline) {
      await stop();
      const why = ended === undefined ? `not ready within ${readyTimeoutMs / 1000} s` : ended;
      throw new Error(`PostgreSQL did not start (${why}): ${log.slice(-2_000)}`);
    }
    await sleep(50);
  }
  return { url: `postgres:///postgres?host=${dir}&user=postgres`, dir, logFile, stop };
};

const describe = (error: unknown): string =>
  error instanceof Error
    ? `${error.message}${'stderr' in error ? ` ${String(error.stderr)}` : ''}`
    : String(error);
