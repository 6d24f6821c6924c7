import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { GenericContainer, Wait } from 'testcontainers';
import type { ServerProvider } from './acquire.ts';
import { spawnInBackground } from './background-process.ts';
import { runProcess } from './java.ts';
import type { StartedServer } from './types.ts';

// The same collector release as infra/test-servers/otelcol/go.mod.
const image = 'otel/opentelemetry-collector-contrib:0.161.0';
const root = fileURLToPath(new URL('../../', import.meta.url));
const binary = join(root, '.tools', 'bin', 'otelcol');
const readyLine = 'Everything is ready';
const readyTimeoutMs = 30_000;
const stopGraceMs = 5_000;

/**
 * An OTLP receiver for tests: the OpenTelemetry Collector, whose file exporter writes every trace
 * request it receives as one line of OTLP JSON to `details.spansFile` (read it with
 * testing/received-spans.ts). `url` is the OTLP/HTTP endpoint (OTEL_EXPORTER_OTLP_ENDPOINT's form:
 * the exporter appends /v1/traces); `details.grpcEndpoint` is the OTLP/gRPC one.
 */
export const otlpProvider: ServerProvider = {
  kind: 'otlp',
  name: 'OpenTelemetry Collector (OTLP receiver)',
  startContainer: startCollectorContainer,
  async startLocal() {
    const collector = await startLocalCollector();
    const { endpoint, grpcEndpoint, spansFile } = collector;
    return {
      url: endpoint,
      source: 'local',
      details: { grpcEndpoint, spansFile },
      stop: () => collector.stop(),
    };
  },
};

/** A collector on this machine; its config, log and spans file live in `dir` until `stop()`. */
export interface LocalCollector {
  /** `http://127.0.0.1:<port>`, OTLP over HTTP. */
  readonly endpoint: string;
  /** `http://127.0.0.1:<port>`, OTLP over gRPC. */
  readonly grpcEndpoint: string;
  readonly spansFile: string;
  readonly dir: string;
  readonly logFile: string;
  stop(): Promise<void>;
}

/**
 * Starts the collector built by infra/provision/otelcol.sh (building it first if needed) on two
 * free ports of 127.0.0.1. Resolves once it is ready; rejects with its last log lines otherwise.
 */
export async function startLocalCollector(): Promise<LocalCollector> {
  await provisionOnce();
  // The collector cannot listen on port 0 and say which port it got, so the ports are chosen here;
  // another process may take one in between, hence the second and third tries.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startCollectorOnce();
    } catch (error) {
      const portTaken = error instanceof Error && error.message.includes('address already in use');
      if (attempt === 3 || !portTaken) throw error;
    }
  }
}

async function startCollectorOnce(): Promise<LocalCollector> {
  const [grpcPort, httpPort] = [await freePort(), await freePort()];
  const dir = await mkdtemp(join(tmpdir(), 'order-ledger-otlp-'));
  const spansFile = join(dir, 'spans.jsonl');
  const logFile = join(dir, 'otelcol.log');
  const configFile = join(dir, 'config.yaml');
  const config = collectorConfig(`127.0.0.1:${grpcPort}`, `127.0.0.1:${httpPort}`, spansFile);
  await writeFile(configFile, JSON.stringify(config, null, 2));
  const collector = spawnInBackground(binary, [`--config=file:${configFile}`], {
    logFile,
    orphanDir: dir,
  });
  const stop = async (): Promise<void> => {
    await collector.stop(stopGraceMs);
    await rm(dir, { recursive: true, force: true });
  };
  const log = () => readFile(logFile, 'utf8').catch(() => '');
  const deadline = Date.now() + readyTimeoutMs;
  while (!(await log()).includes(readyLine)) {
    const ended = collector.exitReason();
    if (ended !== undefined || Date.now() > deadline) {
      const lines = (await log()).trimEnd().split('\n').slice(-15).join('\n');
      await stop();
      const why = ended === undefined ? `not ready within ${readyTimeoutMs / 1000} s` : ended;
      throw new Error(`the OpenTelemetry Collector did not start (${why}); its log:\n${lines}`);
    }
    await sleep(50);
  }
  return {
    endpoint: `http://127.0.0.1:${httpPort}`,
    grpcEndpoint: `http://127.0.0.1:${grpcPort}`,
    spansFile,
    dir,
    logFile,
    stop,
  };
}

/**
 * The contrib image has the same receiver and exporter. Its spans file is written to a bind-mounted
 * directory of this machine, as this user, so readable here (with a local Docker engine).
 */
async function startCollectorContainer(): Promise<StartedServer> {
  const dir = await mkdtemp(join(tmpdir(), 'order-ledger-otlp-'));
  const config = collectorConfig('0.0.0.0:4317', '0.0.0.0:4318', '/spans/spans.jsonl');
  try {
    const container = await new GenericContainer(image)
      .withUser(`${process.getuid?.() ?? 0}:${process.getgid?.() ?? 0}`)
      .withBindMounts([{ source: dir, target: '/spans', mode: 'rw' }])
      .withCopyContentToContainer([
        { content: JSON.stringify(config), target: '/etc/otelcol-contrib/config.yaml' },
      ])
      .withExposedPorts(4317, 4318)
      .withWaitStrategy(Wait.forLogMessage(readyLine))
      .start();
    const host = container.getHost();
    return {
      url: `http://${host}:${container.getMappedPort(4318)}`,
      source: 'testcontainers',
      details: {
        grpcEndpoint: `http://${host}:${container.getMappedPort(4317)}`,
        spansFile: join(dir, 'spans.jsonl'),
      },
      stop: async () => {
        await container.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

// JSON is YAML, so the collector reads this as its config file. Its own metrics are off: they would
// listen on port 8888, which two collectors cannot share.
const collectorConfig = (grpcEndpoint: string, httpEndpoint: string, spansFile: string) => ({
  receivers: {
    otlp: { protocols: { grpc: { endpoint: grpcEndpoint }, http: { endpoint: httpEndpoint } } },
  },
  exporters: { file: { path: spansFile, flush_interval: '100ms' } },
  service: {
    telemetry: { metrics: { level: 'none' } },
    pipelines: { traces: { receivers: ['otlp'], exporters: ['file'] } },
  },
});

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });

let provisioning: Promise<void> | undefined;

// The script is a quick no-op when the binary matches the sources, and rebuilds it when they change.
const provisionOnce = (): Promise<void> => {
  provisioning ??= (async () => {
    const script = join(root, 'infra', 'provision', 'otelcol.sh');
    const { code, output } = await runProcess('bash', [script]);
    if (code !== 0) throw new Error(`${script} failed (${code}): ${output.slice(-2_000)}`);
  })().catch((error: unknown) => {
    provisioning = undefined;
    throw error;
  });
  return provisioning;
};
