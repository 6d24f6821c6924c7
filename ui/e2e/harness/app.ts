import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The repository root: vitest runs from it, and `npm start` does too. */
export const repoRoot = process.cwd();
export const resultsDir = join(repoRoot, 'test-results');

export interface RunningApp {
  readonly url: string;
  readonly logFile: string;
  stop(): Promise<void>;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address !== null) resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));

/**
 * The product exactly as `npm start` runs it: the UI built first when stale (the prestart
 * script), then `node api/main.ts` in embedded mode with a fresh data directory and free ports.
 */
export const startApp = async (
  name: string,
  env: Record<string, string> = {},
): Promise<RunningApp> => {
  const build = spawnSync(process.execPath, ['scripts/build-ui.ts', '--if-stale'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (build.status !== 0)
    throw new Error(`building the UI failed:\n${build.stdout}${build.stderr}`);

  const [port, eventStorePort] = [await freePort(), await freePort()];
  const dataDir = await mkdtemp(join(tmpdir(), 'order-ledger-e2e-'));
  await mkdir(join(resultsDir, 'e2e-logs'), { recursive: true });
  const logFile = join(resultsDir, 'e2e-logs', `${name}.log`);
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, ['api/main.ts'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      // Embedded mode, whatever the shell has set.
      EVENTSTORE_CONNECTION_STRING: '',
      MONGODB_URL: '',
      KAFKA_BROKERS: '',
      HOST: '127.0.0.1',
      PORT: String(port),
      EMBEDDED_EVENTSTORE_PORT: String(eventStorePort),
      DATA_DIR: dataDir,
      CARRIER_DELIVERY_DELAY_MS: '300',
      WAREHOUSE_PICK_PACK_MS: '0',
      // A test's customer places orders in a burst: held only where a test asks for review.
      FRAUD_REVIEW_THRESHOLD: '101',
      LOG_LEVEL: 'warn',
      // V8's compiled code kept on disk across starts (content-checked, written atomically): a
      // start spends over a second loading modules, and every file starts the app.
      NODE_COMPILE_CACHE:
        process.env.NODE_COMPILE_CACHE ?? join(tmpdir(), 'order-ledger-node-compile-cache'),
      ...env,
    },
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const url = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killed = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited(child);
      clearTimeout(killed);
    }
    log.end();
    await rm(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const ready = await fetch(`${url}/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return { url, logFile, stop };
    await sleep(250);
  }
  await stop();
  const tail = (await readFile(logFile, 'utf8').catch(() => '')).slice(-4000);
  throw new Error(`the app did not become ready (log ${logFile}):\n${tail}`);
};
