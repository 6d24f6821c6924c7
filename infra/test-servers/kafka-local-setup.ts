import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newClusterId, testBrokerSettings } from './kafka-broker.ts';
import { runJava, runProcess, type Java, type JavaLaunch } from './java.ts';
import {
  scramFormatArguments,
  securedListenerName,
  securedListenerSettings,
  type SecuredKafkaListener,
  type SecuredKafkaOptions,
} from './kafka-secured.ts';
import { makeTestCertificates } from './test-certificates.ts';

/** The broker infra/provision/kafka.sh fetches from Maven Central (3.9.x: see that script). */
export const localKafkaVersion = '3.9.2';

const root = fileURLToPath(new URL('../../', import.meta.url));
const libs = join(root, '.cache', `kafka-${localKafkaVersion}`, 'libs');
const classpath = join(libs, '*');
const classArchive = join(libs, '..', 'kafka.jsa');

// On two shared cores the optimising JIT and a parallel collector cost more start-up time than a
// test broker's light load ever repays (about half of it, measured), and the class-data archive
// kafka.sh records halves what is left. Collector and heap must match how that was recorded.
const quickStartOptions = (): string[] => [
  '-XX:TieredStopAtLevel=1',
  '-XX:+UseSerialGC',
  '-Xmx512m',
  ...(existsSync(classArchive) ? [`-XX:SharedArchiveFile=${classArchive}`] : []),
];

/** A formatted, not yet started, local broker: where it lives and how to launch it. */
export interface PreparedBroker {
  readonly dir: string;
  readonly brokers: string;
  readonly logFile: string;
  readonly launch: JavaLaunch;
  /** The SASL_SSL listener, when one was asked for. */
  readonly secured?: SecuredKafkaListener;
}

/**
 * Makes everything a local broker needs before its first start: the jars (provisioned once if
 * missing), two free ports on 127.0.0.1, a temporary directory with server.properties and log4j
 * settings, and storage formatted for a new KRaft cluster. Removes the directory if any step fails.
 */
export const prepareBroker = async (
  java: Java,
  securedOptions?: SecuredKafkaOptions,
): Promise<PreparedBroker> => {
  await provisionKafka();
  const dir = await mkdtemp(join(tmpdir(), 'order-ledger-kafka-'));
  try {
    const [port = 0, controllerPort = 0, securedPort = 0] = await freePorts(3);
    const secured = securedOptions && {
      brokers: `127.0.0.1:${securedPort}`,
      certificates: await makeTestCertificates(dir),
      users: securedOptions.users,
    };
    const properties = join(dir, 'server.properties');
    await writeFile(properties, propertiesText(serverSettings(dir, port, controllerPort, secured)));
    await writeFile(join(dir, 'log4j.properties'), log4jText('INFO', 'System.out'));
    await writeFile(join(dir, 'tool-log4j.properties'), log4jText('WARN', 'System.err'));
    await runJava(java, {
      classpath,
      mainClass: 'kafka.tools.StorageTool',
      args: [
        'format',
        '--cluster-id',
        newClusterId(),
        '--config',
        properties,
        ...scramFormatArguments(secured?.users ?? []),
      ],
      jvmOptions: [
        ...quickStartOptions(),
        `-Dlog4j.configuration=file:${join(dir, 'tool-log4j.properties')}`,
      ],
    });
    const launch: JavaLaunch = {
      classpath,
      mainClass: 'kafka.Kafka',
      args: [properties],
      jvmOptions: [
        ...quickStartOptions(),
        '-Xms128m',
        '-XX:+ExitOnOutOfMemoryError',
        '-Djava.awt.headless=true',
        `-Dlog4j.configuration=file:${join(dir, 'log4j.properties')}`,
      ],
    };
    const logFile = join(dir, 'broker.log');
    return { dir, brokers: `127.0.0.1:${port}`, logFile, launch, ...(secured && { secured }) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
};

// One node is both broker and controller; the listeners stay on 127.0.0.1 (shared machine). A
// secured listener comes beside the plaintext one, which the broker keeps for itself and readiness.
const serverSettings = (
  dir: string,
  port: number,
  controllerPort: number,
  secured: SecuredKafkaListener | undefined,
) => ({
  'process.roles': 'broker,controller',
  'node.id': '1',
  'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
  listeners: [
    `PLAINTEXT://127.0.0.1:${port}`,
    `CONTROLLER://127.0.0.1:${controllerPort}`,
    ...(secured ? [`${securedListenerName}://${secured.brokers}`] : []),
  ].join(','),
  'advertised.listeners': [
    `PLAINTEXT://127.0.0.1:${port}`,
    ...(secured ? [`${securedListenerName}://${secured.brokers}`] : []),
  ].join(','),
  'listener.security.protocol.map': [
    'PLAINTEXT:PLAINTEXT',
    'CONTROLLER:PLAINTEXT',
    ...(secured ? [`${securedListenerName}:SASL_SSL`] : []),
  ].join(','),
  'controller.listener.names': 'CONTROLLER',
  'inter.broker.listener.name': 'PLAINTEXT',
  'log.dirs': join(dir, 'data'),
  // A restarted broker waits until its previous registration expires (9 s by default): fault
  // tests restart it on purpose, so that wait is kept short.
  'broker.heartbeat.interval.ms': '500',
  'broker.session.timeout.ms': '3000',
  ...testBrokerSettings,
  ...(secured && securedListenerSettings(secured.certificates, secured.users)),
});

const propertiesText = (settings: Readonly<Record<string, string>>): string =>
  Object.entries(settings)
    .map(([key, value]) => `${key}=${value}\n`)
    .join('');

// The broker's stdout is its log file; the storage tool's stderr ends up in our error messages.
const log4jText = (level: 'INFO' | 'WARN', target: 'System.out' | 'System.err'): string =>
  propertiesText({
    'log4j.rootLogger': `${level}, out`,
    'log4j.appender.out': 'org.apache.log4j.ConsoleAppender',
    'log4j.appender.out.Target': target,
    'log4j.appender.out.layout': 'org.apache.log4j.PatternLayout',
    'log4j.appender.out.layout.ConversionPattern': '[%d] %p %m (%c)%n',
  });

let provisioning: Promise<void> | undefined;

const provisionKafka = (): Promise<void> => {
  if (existsSync(join(libs, `kafka_2.13-${localKafkaVersion}.jar`))) return Promise.resolve();
  provisioning ??= (async () => {
    const script = join(root, 'infra', 'provision', 'kafka.sh');
    const env = { ...process.env, KAFKA_VERSION: localKafkaVersion };
    const { code, output } = await runProcess('bash', [script], env);
    if (code !== 0) throw new Error(`${script} failed (${code}): ${output.slice(-2_000)}`);
  })().finally(() => {
    provisioning = undefined;
  });
  return provisioning;
};

// All listened on at once, so they differ; released just before the broker binds them.
const freePorts = async (count: number): Promise<number[]> => {
  const servers = await Promise.all(Array.from({ length: count }, listenAnywhere));
  try {
    return servers.map(portOf);
  } finally {
    await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  }
};

const listenAnywhere = (): Promise<Server> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject).listen(0, '127.0.0.1', () => {
      resolve(server);
    });
  });

const portOf = (server: Server): number => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP port bound');
  return address.port;
};
