import { join } from 'node:path';
import { signToken, testSecret } from '../api/testing/test-api.ts';
import { freePort, startChild, waitForHttp } from './_child.ts';
import { eventStoreForBench } from './_eventstore-process.ts';
import { closedLoopLoad, type LoadResult } from './_load.ts';
import { printFigures } from './_report.ts';

// `npm run bench -- place-orders [--concurrency 32] [--seconds 10]`: POST /api/orders against the
// API (its own process, on the embedded event store in another) next to a plain Express handler
// answering 202, both under the same closed-loop load from this process. The API runs with
// LOG_LEVEL=warn (no per-request access log).
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
const apiPort = await freePort();
const api = await startChild(join(root, 'api', 'main.ts'), [], {
  EVENTSTORE_CONNECTION_STRING: store.connectionString,
  JWT_SECRET: testSecret,
  HOST: '127.0.0.1',
  PORT: String(apiPort),
  ROLE: 'api',
  LOG_LEVEL: 'warn',
});
const apiUrl = `http://127.0.0.1:${apiPort}`;
await waitForHttp(`${apiUrl}/ready`);
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
  const real = await load(apiUrl, token);
  for (const [name, result] of [
    ['plain Express 202', plain],
    ['POST /api/orders', real],
  ] as const) {
    console.log(
      `${name}: ${result.ok} ok of ${result.sent} in ${result.seconds.toFixed(1)} s; statuses ${JSON.stringify(result.statuses)}`,
    );
  }
  if (real.failed > 0) process.exitCode = 1;
  printFigures(`place orders: closed loop, ${concurrency} in flight, ${durationMs / 1000} s each`, [
    {
      name: 'orders/s',
      value: real.perSecond,
      unit: 'req/s',
      baseline: { name: 'plain Express 202', value: plain.perSecond },
      target: { atLeast: 0.4 * plain.perSecond },
    },
    {
      name: 'p50 latency',
      value: real.p50Ms,
      unit: 'ms',
      baseline: { name: 'plain Express 202', value: plain.p50Ms },
    },
    {
      name: 'p99 latency',
      value: real.p99Ms,
      unit: 'ms',
      baseline: { name: 'plain Express 202', value: plain.p99Ms },
    },
  ]);
} finally {
  await Promise.all([api.stop(), baseline.stop()]);
  await store.stop();
}
