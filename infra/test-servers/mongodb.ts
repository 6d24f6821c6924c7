import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { GenericContainer, Wait } from 'testcontainers';
import { z } from 'zod';
import type { ServerProvider } from './acquire.ts';
import { runProcess } from './java.ts';
import { startLocalPostgres, type LocalPostgres } from './postgresql.ts';
import type { StartedServer } from './types.ts';

const image = 'mongo:7';
const root = fileURLToPath(new URL('../../', import.meta.url));
const binary = join(root, '.cache', 'ferretdb', 'bin', 'ferretdb');
const readyTimeoutMs = 30_000;
const stopGraceMs = 5_000;

/**
 * MongoDB for tests: mongo:7 in a container as a one-member replica set (so transactions and change
 * streams work), else FerretDB v1.24 (infra/provision/mongodb.sh) on a PostgreSQL cluster of the
 * run's own on this machine. What mongodb.int.test.ts asserts works on both. FerretDB lacks:
 * transactions, change streams, renameCollection with dropTarget, $group accumulators other than
 * $sum and $count. Its indexes are real PostgreSQL indexes (on jsonb expressions), but it reads
 * through one only for an _id equality (patched in infra/provision/mongodb.sh): other equalities
 * reach SQL as jsonb containment, which PostgreSQL answers by scanning the table, and sorts and
 * limits stay in FerretDB, which decodes every matching document first. On SQLite, the other
 * backend, only _id reaches SQL: every other filter decodes the whole collection.
 */
export const mongodbProvider: ServerProvider = {
  kind: 'mongodb',
  name: 'MongoDB 7',
  startContainer: startMongoContainer,
  async startLocal() {
    const ferretDb = await startLocalFerretDb();
    return { url: ferretDb.url, source: 'local', stop: () => ferretDb.stop() };
  },
};

/** Where a local FerretDB keeps its data. */
export type FerretDbBackend = 'postgresql' | 'sqlite';

/** A FerretDB on this machine: its log (and SQLite files) live in `dir` until `stop()`. */
export interface LocalFerretDb {
  /** `mongodb://127.0.0.1:<port>/` */
  readonly url: string;
  readonly dir: string;
  readonly logFile: string;
  readonly backend: FerretDbBackend;
  /** The PostgreSQL cluster's directory (data, socket, log), on the postgresql backend. */
  readonly postgresDir: string | undefined;
  /** SIGTERM, SIGKILL after 5 s; then removes `dir` and stops its PostgreSQL. */
  stop(): Promise<void>;
}

async function startMongoContainer(): Promise<StartedServer> {
  const container = await new GenericContainer(image)
    .withCommand(['--replSet', 'rs0'])
    .withExposedPorts(27017)
    .withWaitStrategy(Wait.forLogMessage(/Waiting for connections/))
    .start();
  try {
    // The member's name only has to work inside the container: clients connect directly.
    const initiate = "rs.initiate({ _id: 'rs0', members: [{ _id: 0, host: 'localhost:27017' }] })";
    const initiated = await container.exec(['mongosh', '--quiet', '--eval', initiate]);
    if (initiated.exitCode !== 0) throw new Error(`rs.initiate failed: ${initiated.output}`);
    const url = `mongodb://${container.getHost()}:${container.getMappedPort(27017)}/?directConnection=true`;
    await waitUntil(60_000, () => isWritablePrimary(url));
    return { url, source: 'testcontainers', stop: () => container.stop().then(() => undefined) };
  } catch (error) {
    await container.stop();
    throw error;
  }
}

/**
 * Starts FerretDB in a new temporary directory, listening on a free port of 127.0.0.1, on a new
 * PostgreSQL cluster (see postgresql.ts) or, when asked, on SQLite files; builds FerretDB first
 * (infra/provision/mongodb.sh) if it is missing. Resolves once it answers ping; rejects with its
 * last log lines when it does not within 30 s.
 */
export async function startLocalFerretDb({
  backend = 'postgresql',
}: { backend?: FerretDbBackend } = {}): Promise<LocalFerretDb> {
  await provisionOnce();
  const postgres = backend === 'postgresql' ? await startLocalPostgres() : undefined;
  const dir = await mkdtemp(join(tmpdir(), 'order-ledger-mongodb-')).catch(
    async (error: unknown) => {
      await postgres?.stop();
      throw error;
    },
  );
  const logFile = join(dir, 'ferretdb.log');
  const log = await mkdir(join(dir, 'data'))
    .then(() => open(logFile, 'a'))
    .catch(async (error: unknown) => {
      await rm(dir, { recursive: true, force: true });
      await postgres?.stop();
      throw error;
    });
  // Port 0: the kernel picks a free port, which FerretDB logs. Test data need not survive a
  // crash, so SQLite skips fsync (four times the upserts per second).
  const child = spawn(
    binary,
    [
      ...backendArguments(dir, postgres),
      `--state-dir=${dir}`,
      '--listen-addr=127.0.0.1:0',
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-format=console',
    ],
    { stdio: ['ignore', log.fd, log.fd] },
  );
  await log.close();
  let exitReason: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('error', (error) => {
      exitReason ??= `could not start: ${error.message}`;
      resolve();
    });
    child.once('close', (code, signal) => {
      exitReason ??= signal ? `signal ${signal}` : `exit code ${code ?? 'unknown'}`;
      resolve();
    });
  });
  const watchdog = killOnOrphan(child.pid ?? 0, dir);
  const stop = async (): Promise<void> => {
    if (exitReason === undefined) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), stopGraceMs);
    await exited;
    clearTimeout(timer);
    watchdog.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    await postgres?.stop();
  };

  try {
    const url = await waitUntil(readyTimeoutMs, async () => {
      if (exitReason !== undefined) throw new Error(`it ended (${exitReason})`);
      const port = /Listening on TCP 127\.0\.0\.1:(\d+)/.exec(await readFile(logFile, 'utf8'))?.[1];
      if (port === undefined) return undefined;
      const candidate = `mongodb://127.0.0.1:${port}/`;
      return (await answersPing(candidate)) ? candidate : undefined;
    });
    return { url, dir, logFile, backend, postgresDir: postgres?.dir, stop };
  } catch (error) {
    const lines = (await readFile(logFile, 'utf8')).trimEnd().split('\n').slice(-20).join('\n');
    await stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`FerretDB did not answer ping: ${reason}; its last log lines:\n${lines}`, {
      cause: error,
    });
  }
}

const backendArguments = (dir: string, postgres: LocalPostgres | undefined): string[] =>
  postgres === undefined
    ? ['--handler=sqlite', `--sqlite-url=file:${join(dir, 'data')}/?_pragma=synchronous(off)`]
    : ['--handler=postgresql', `--postgresql-url=${postgres.url}`];

/** Polls `check` until it gives a value; rejects with the reason once `timeoutMs` have passed. */
const waitUntil = async <T>(timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await sleep(100);
  }
  throw new Error(`no answer within ${timeoutMs / 1000} s`);
};

const helloReply = z.object({ isWritablePrimary: z.boolean().optional() });

const isWritablePrimary = (url: string): Promise<true | undefined> =>
  withClient(url, async (client) => {
    const hello = helloReply.parse(await client.db('admin').command({ hello: 1 }));
    return hello.isWritablePrimary === true ? true : undefined;
  });

const answersPing = (url: string): Promise<true | undefined> =>
  withClient(url, async (client) => {
    await client.db('admin').command({ ping: 1 });
    return true as const;
  });

// Not answering yet is the expected answer while a server starts: it yields undefined.
const withClient = async <T>(
  url: string,
  use: (client: MongoClient) => Promise<T | undefined>,
): Promise<T | undefined> => {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 1_000 });
  try {
    return await use(client);
  } catch {
    return undefined;
  } finally {
    await client.close();
  }
};

let provisioning: Promise<void> | undefined;

const provisionOnce = (): Promise<void> => {
  if (existsSync(binary)) return Promise.resolve();
  provisioning ??= (async () => {
    const script = join(root, 'infra', 'provision', 'mongodb.sh');
    const { code, output } = await runProcess('bash', [script]);
    if (code !== 0) throw new Error(`${script} failed (${code}): ${output.slice(-2_000)}`);
  })().finally(() => {
    provisioning = undefined;
  });
  return provisioning;
};

/**
 * A shell that holds a pipe from this process: when the pipe closes because this process ended
 * without stop(), it kills FerretDB and removes its directory, so no server outlives a test run.
 */
const killOnOrphan = (pid: number, dir: string) => {
  const script = 'read _; [ "$1" -gt 0 ] && kill -KILL "$1" 2>/dev/null; rm -rf -- "$2"';
  const watchdog = spawn('sh', ['-c', script, 'watchdog', `${pid}`, dir], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  watchdog.unref();
  if (watchdog.stdin instanceof Socket) watchdog.stdin.unref();
  return watchdog;
};
