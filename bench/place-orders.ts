import { join } from 'node:path';
import { signToken, testSecret } from '../api/testing/test-api.ts';
import { startLocalFerretDb } from '../infra/test-servers/mongodb.ts';
import { freePort, startChild, waitForHttp } from './_child.ts';
import { eventStoreForBench } from './_eventstore-process.ts';
import { closedLoopLoad, type LoadResult } from './_load.ts';
import { printFigures, type Figure } from './_report.ts';

// `npm run bench -- place-orders [--concurrency 32] [--seconds 10]`: POST /api/orders against the
// api role (its own process, on the embedded event store in another) next to a plain Express
// handler answering 202, all under the same closed-loop load from this process. The api role runs
// twice: with read models in memory (so its own process projects every order it places), and
// with read models in MongoDB (projected by a projections process, not running here). The API
// runs with LOG_LEVEL=warn (no per-request access log).
const argument = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(`--${name}`);
  const value = index === -1 ? undefined : Number(process.argv[index + 1]);
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
};
const concurrency = argument('concurrency', 32);
const durationMs = argument('seconds', 10) * 1000;
const root = join(import.meta.dirname, '..');
const body = JSON.stringify({
  lines: [
    { sku: 'SKU-1', quantity: 1 },
    { sku: 'SKU-3', quantity: 2 },
  ],
});

const load = async (url: string, token: string): Promise<LoadResult> => {
  const send = () =>
    fetch(`${url}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
    });
  await closedLoopLoad({ concurrency, durationMs: 1500, send }); // warm-up
  return closedLoopLoad({
    concurrency,
    durationMs,
    send,
    isOk: (response) => response.status === 202,
  });
};

const store = await eventStoreForBench();
// Read models elsewhere: MONGODB_URL, else a local FerretDB that no projection writes to here.
const ferretDb = process.env.MONGODB_URL ? undefined : await startLocalFerretDb();
const mongoUrl = process.env.MONGODB_URL ?? ferretDb?.url ?? '';

/** The api role in a process of its own; with `mongoUrl`, its read models are another's job. */
const startApi = async (readModelsIn?: string) => {
  const port = await freePort();
  const child = await startChild(join(root, 'api', 'main.ts'), [], {
    EVENTSTORE_CONNECTION_STRING: store.connectionString,
    JWT_SECRET: testSecret,
    HOST: '127.0.0.1',
    PORT: String(port),
    ROLE: 'api',
    LOG_LEVEL: 'warn',
    ...(readModelsIn === undefined
      ? {}
      : { MONGODB_URL: readModelsIn, MONGODB_DATABASE: `bench_place_${String(port)}` }),
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/ready`);
  return { url, stop: () => child.stop() };
};

const baseline = await startChild(
  join(root, 'bench', '_baseline-server.ts'),
  [],
  {},
  /listening (http:\/\/\S+)/,
);
try {
  const token = await signToken(
    { sub: 'bench-customer', roles: ['customer'] },
    { expiresIn: '1h' },
  );
  const plain = await load(baseline.url, token);
  const measured: [string, LoadResult][] = [['plain Express 202', plain]];
  for (const [name, readModelsIn] of [
    ['POST /api/orders, read models projected in the api process', undefined],
    ['POST /api/orders, read models in MongoDB, projected elsewhere', mongoUrl],
  ] as const) {
    const api = await startApi(readModelsIn);
    try {
      measured.push([name, await load(api.url, token)]);
    } finally {
      await api.stop();
    }
  }
  const figures: Figure[] = [];
  for (const [name, result] of measured) {
    console.log(
      `${name}: ${result.ok} ok of ${result.sent} in ${result.seconds.toFixed(1)} s; statuses ${JSON.stringify(result.statuses)}`,
    );
    if (result === plain) continue;
    if (result.failed > 0) process.exitCode = 1;
    const label = name.replace('POST /api/orders, ', '');
    figures.push(
      {
        name: `orders/s, ${label}`,
        value: result.perSecond,
        unit: 'req/s',
        baseline: { name: 'plain Express 202', value: plain.perSecond },
        target: { atLeast: 0.4 * plain.perSecond },
      },
      {
        name: `p50 latency, ${label}`,
        value: result.p50Ms,
        unit: 'ms',
        baseline: { name: 'plain Express 202', value: plain.p50Ms },
      },
      {
        name: `p99 latency, ${label}`,
        value: result.p99Ms,
        unit: 'ms',
        baseline: { name: 'plain Express 202', value: plain.p99Ms },
      },
    );
  }
  printFigures(
    `place orders: closed loop, ${concurrency} in flight, ${durationMs / 1000} s each`,
    figures,
  );
} finally {
  await baseline.stop();
  await ferretDb?.stop();
  await store.stop();
}
