// Test support only: the product as real processes (`node api/main.ts --role …`) that a test can
// kill with -9 and start again, the way an orchestrator would.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Role } from '../../infra/config.ts';
import { testSecret } from './test-api.ts';

const mainScript = fileURLToPath(new URL('../main.ts', import.meta.url));
const repository = fileURLToPath(new URL('../..', import.meta.url));
const keptOutput = 64_000;
const compileCache = join(tmpdir(), 'order-ledger-node-compile-cache');

export interface AppChildOptions {
  readonly role: Role;
  /** The child's environment on top of this process's own (EVENTSTORE_CONNECTION_STRING, …). */
  readonly env: Readonly<Record<string, string>>;
  /** Names it in failure messages; the role by default. */
  readonly name?: string;
  /** How long a start may take to answer /ready; 60 s. */
  readonly readyTimeoutMs?: number;
  /**
   * Run it as `npm start --ignore-scripts` (no UI build), as a shell runs it: npm, sh and node in
   * a process group of their own, which kill() kills whole, the way `kill -9 -<pgid>` does.
   */
  readonly npmStart?: boolean;
}

export interface AppChild {
  readonly name: string;
  /** `http://127.0.0.1:<port>`; the port stays the same across restarts. */
  readonly url: string;
  /** The running child's pid, undefined once it exited. */
  pid(): number | undefined;
  /** Starts it (again) and resolves once /ready answers 200. */
  start(): Promise<void>;
  /** SIGKILL: a crash; nothing is flushed or closed. */
  kill(): Promise<void>;
  /** SIGTERM (a clean stop), then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** Its /metrics, as Prometheus text. */
  metrics(): Promise<string>;
  /** A request to it; `json` becomes the body and `token` the bearer token. */
  request(
    path: string,
    init?: { method?: string; token?: string; json?: unknown },
  ): Promise<Response>;
  /** The last of what it wrote on stdout and stderr, for failure messages. */
  output(): string;
}

/**
 * The environment of an app child in connected mode on the given servers, signing tokens with
 * the key every process derives from the test secret (as `signToken` does), logging warnings
 * only, and with short carrier and payment timings so that orders end within a test.
 */
export const connectedEnv = (
  servers: { readonly eventStore: string; readonly kafkaBrokers?: string },
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> => ({
  EVENTSTORE_CONNECTION_STRING: servers.eventStore,
  ...(servers.kafkaBrokers === undefined ? {} : { KAFKA_BROKERS: servers.kafkaBrokers }),
  KAFKA_TOPIC_PARTITIONS: '3',
  JWT_SECRET: testSecret,
  LOG_LEVEL: 'warn',
  CARRIER_DELIVERY_DELAY_MS: '200',
  PAYMENT_DECLINE_GRACE_MS: '0',
  WAREHOUSE_PICK_PACK_MS: '0',
  // The processes of one system share one (simulated) payment provider, as they would a real one.
  PAYMENT_SIMULATOR_DIR: join(tmpdir(), `order-ledger-psp-${randomUUID()}`),
  ...extra,
});

/** A TCP port that was free a moment ago on 127.0.0.1. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => {
        resolve(port);
      });
    });
  });

/**
 * Starts `node api/main.ts --role <role>` on 127.0.0.1 and a free port, and resolves once its
 * /ready answers. The caller must stop or kill it (in afterAll, also when the test failed).
 */
export const startApp = async (options: AppChildOptions): Promise<AppChild> => {
  const name = options.name ?? options.role;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  let output = '';
  let child: ChildProcess | undefined;
  let exited: Promise<unknown> = Promise.resolve();

  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-keptOutput);
  };
  const signal = (name: NodeJS.Signals) => {
    if (!running()) return;
    if (!options.npmStart || child?.pid === undefined) child?.kill(name);
    else process.kill(-child.pid, name);
  };
  const end = async (name: NodeJS.Signals) => {
    signal(name);
    await exited;
  };

  const waitReady = async () => {
    const deadline = Date.now() + readyTimeoutMs;
    let last = 'no answer yet';
    while (Date.now() < deadline) {
      if (!running()) throw new Error(`${name} exited before it was ready:\n${output}`);
      try {
        const response = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(5_000) });
        if (response.ok) return;
        last = `${response.status} ${await response.text()}`;
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      await sleep(200);
    }
    throw new Error(`${name} was not ready within ${readyTimeoutMs} ms (${last}):\n${output}`);
  };

  const app: AppChild = {
    name,
    url,
    pid: () => (running() ? child?.pid : undefined),
    async start() {
      if (running()) return;
      const role = ['--role', options.role];
      const [command, args] = options.npmStart
        ? ['npm', ['start', '--ignore-scripts', '--silent', '--', ...role]]
        : [process.execPath, [mainScript, ...role]];
      const spawned = spawn(command, args, {
        cwd: repository,
        detached: options.npmStart ?? false,
        env: {
          ...process.env,
          HOST: '127.0.0.1',
          PORT: String(port),
          // Load tests place many orders per customer; the limit has tests of its own.
          ORDER_RATE_LIMIT_PER_MINUTE: '0',
          // Nor held as a burst for fraud review, which has tests of its own.
          FRAUD_REVIEW_THRESHOLD: '101',
          // V8's compiled code kept on disk across starts (content-checked, written atomically):
          // a start spends over a second loading modules, and tests start the app many times.
          NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE ?? compileCache,
          ...options.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = spawned;
      exited = once(spawned, 'exit');
      spawned.stdout.on('data', keep);
      spawned.stderr.on('data', keep);
      await waitReady();
    },
    kill: () => end('SIGKILL'),
    async stop(graceMs = 15_000) {
      if (!running()) return;
      signal('SIGTERM');
      const stopped = await Promise.race([exited.then(() => true), sleep(graceMs, false)]);
      if (!stopped) await end('SIGKILL');
    },
    async metrics() {
      const response = await fetch(`${url}/metrics`);
      if (!response.ok) throw new Error(`${name} /metrics answered ${response.status}`);
      return response.text();
    },
    request: (path, { method, token, json } = {}) =>
      fetch(`${url}${path}`, {
        method: method ?? (json === undefined ? 'GET' : 'POST'),
        headers: {
          ...(json === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        },
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      }),
    output: () => output,
  };
  try {
    await app.start();
  } catch (error) {
    await app.kill();
    throw error;
  }
  return app;
};

/**
 * What to look at first when orders stay open: for each child, the saga dispatches that a port
 * or aggregate refused (by decision), or, when it is not running, the last of its output.
 */
export const diagnose = async (apps: readonly AppChild[]): Promise<string> => {
  const lines = await Promise.all(
    apps.map(async (app) => {
      if (app.pid() === undefined)
        return `${app.name} is not running; it wrote:\n${app.output().slice(-2_000)}`;
      const refused = metricSamples(
        await app.metrics().catch(() => ''),
        'order_ledger_fulfilment_commands_dispatched_total',
        { outcome: 'refused' },
      ).map(({ labels, value }) => `${labels.decision ?? '?'} ${value}`);
      return `${app.name} refused: ${refused.join(', ') || 'nothing'}`;
    }),
  );
  return lines.join('; ');
};

const acceptedOrder = z.object({ orderId: z.string().min(1) });

/** POST /api/orders as the token's customer; fails unless it is accepted (202). */
export const placeOrder = async (
  app: AppChild,
  token: string,
  lines: readonly { sku: string; quantity: number }[],
): Promise<string> => {
  const response = await app.request('/api/orders', { token, json: { lines } });
  if (response.status !== 202)
    throw new Error(`POST /api/orders answered ${response.status}: ${await response.text()}`);
  return acceptedOrder.parse(await response.json()).orderId;
};

/**
 * Starts several children at once (each start is mostly waiting for node and /ready), in the
 * order given. When one fails, the others are stopped before the failure is thrown.
 */
export const startApps = async (options: readonly AppChildOptions[]): Promise<AppChild[]> => {
  const started = await Promise.allSettled(options.map((each) => startApp(each)));
  const apps = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = started.find((result) => result.status === 'rejected');
  if (failed === undefined) return apps;
  await stopApps(apps);
  throw failed.reason;
};

/** Stops every child that was started, whatever state each is in; never throws. */
export const stopApps = async (apps: readonly (AppChild | undefined)[]): Promise<void> => {
  await Promise.allSettled(apps.flatMap((app) => (app === undefined ? [] : [app.stop()])));
};

const sampleLine = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/;
const labelPair = /(\w+)="((?:[^"\\]|\\.)*)"/g;

export interface MetricSample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** The samples of metric `name` in Prometheus text whose labels include `labels`. */
export const metricSamples = (
  text: string,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): MetricSample[] =>
  text.split('\n').flatMap((line) => {
    const match = sampleLine.exec(line);
    if (match?.[1] !== name) return [];
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(labelPair)].map((pair) => [pair[1] ?? '', pair[2] ?? '']),
    );
    const wanted = Object.entries(labels).every(([label, value]) => found[label] === value);
    return wanted ? [{ labels: found, value: Number(match[3]) }] : [];
  });

/** The sum of the samples of metric `name` whose labels include `labels` (0 when none). */
export const metricValue = (
  text: string,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number => metricSamples(text, name, labels).reduce((sum, sample) => sum + sample.value, 0);
