import { join } from 'node:path';
import { signToken, testSecret } from '../api/testing/test-api.ts';
import { startLocalCollector } from '../infra/test-servers/otlp.ts';
import { freePort, startChild, waitForHttp } from './_child.ts';
import { childCpu, cpuPerUnit } from './_cpu.ts';
import { eventStoreForBench } from './_eventstore-process.ts';
import { closedLoopLoad, jsonPoster } from './_load.ts';
import { printFigures, type Figure } from './_report.ts';

// `npm run bench -- tracing [--rounds 3] [--seconds 8] [--concurrency 32]`: the CPU the api
// process spends per POST /api/orders (command, append, read models projected in the same
// process) with tracing off and with tracing on, exporting every span to a local OpenTelemetry
// Collector. The two alternate, round after round, on the same event store, because this
// machine's speed drifts from one minute to the next. BENCH_BEFORE_ROOT=<a checkout> adds a third
// configuration: the api of that checkout (say, the commit before tracing), for "off costs nothing".
const argument = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(`--${name}`);
  const value = index === -1 ? undefined : Number(process.argv[index + 1]);
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
};
const rounds = argument('rounds', 3);
const durationMs = argument('seconds', 8) * 1000;
const concurrency = argument('concurrency', 32);
const root = join(import.meta.dirname, '..');
const beforeRoot = process.env.BENCH_BEFORE_ROOT;
const body = JSON.stringify({
  lines: [
    { sku: 'SKU-1', quantity: 1 },
    { sku: 'SKU-3', quantity: 2 },
  ],
});

const store = await eventStoreForBench();
const collector = await startLocalCollector();

interface Configuration {
  readonly name: string;
  readonly root: string;
  readonly env: Record<string, string>;
}
const configurations: Configuration[] = [
  ...(beforeRoot === undefined ? [] : [{ name: 'before tracing', root: beforeRoot, env: {} }]),
  { name: 'tracing off', root, env: {} },
  {
    name: 'tracing on',
    root,
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint, OTEL_TRACES_SAMPLER: 'always_on' },
  },
];

const measure = async (configuration: Configuration, token: string) => {
  const port = await freePort();
  const api = await startChild(join(configuration.root, 'api', 'main.ts'), [], {
    EVENTSTORE_CONNECTION_STRING: store.connectionString,
    JWT_SECRET: testSecret,
    HOST: '127.0.0.1',
    PORT: String(port),
    ROLE: 'api',
    ORDER_RATE_LIMIT_PER_MINUTE: '0',
    FRAUD_REVIEW_THRESHOLD: '101',
    WAREHOUSE_PICK_PACK_MS: '0',
    LOG_LEVEL: 'warn',
    ...configuration.env,
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/ready`);
    const send = jsonPoster(
      `${url}/api/orders`,
      { authorization: `Bearer ${token}` },
      body,
      concurrency,
    );
    await closedLoopLoad({ concurrency, durationMs: 1500, send });
    const cpuOf = () => childCpu((command) => (command.includes('api/main.ts') ? 'api' : 'other'));
    const before = await cpuOf();
    const result = await closedLoopLoad({ concurrency, durationMs, send });
    const after = await cpuOf();
    return { perSecond: result.perSecond, apiMs: cpuPerUnit(before, after, result.ok).api ?? 0 };
  } finally {
    await api.stop();
  }
};

try {
  const token = await signToken(
    { sub: 'bench-customer', roles: ['customer'] },
    { expiresIn: '1h' },
  );
  const results = new Map<string, { perSecond: number; apiMs: number }[]>();
  for (let round = 1; round <= rounds; round++) {
    for (const configuration of configurations) {
      const result = await measure(configuration, token);
      results.set(configuration.name, [...(results.get(configuration.name) ?? []), result]);
      console.log(
        `round ${String(round)} ${configuration.name}: ${result.perSecond.toFixed(0)} orders/s, ` +
          `api ${result.apiMs.toFixed(3)} ms CPU per order`,
      );
    }
  }
  const median = (values: number[]) =>
    values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const off = median((results.get('tracing off') ?? []).map((r) => r.apiMs));
  const figures: Figure[] = configurations.map(({ name }) => ({
    name: `${name}: api CPU per order (median of ${String(rounds)})`,
    value: median((results.get(name) ?? []).map((r) => r.apiMs)),
    unit: 'ms',
    ...(name === 'tracing off' ? {} : { baseline: { name: 'tracing off', value: off } }),
  }));
  printFigures('POST /api/orders, api process CPU per order', figures);
} finally {
  await collector.stop();
  await store.stop();
}
