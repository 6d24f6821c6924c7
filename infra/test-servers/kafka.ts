import { GenericContainer, Wait } from 'testcontainers';
import type { ServerProvider } from './acquire.ts';
import { newClusterId, testBrokerSettings, waitForKafka } from './kafka-broker.ts';
import { startLocalKafka } from './kafka-local.ts';
import type { StartedServer } from './types.ts';

export { localKafkaVersion, startLocalKafka, startSecuredLocalKafka } from './kafka-local.ts';
export type { LocalKafka, LocalKafkaOptions, SecuredLocalKafka } from './kafka-local.ts';
export type { KafkaTestUser, SecuredKafkaListener } from './kafka-secured.ts';

const image = 'apache/kafka:3.9.1';
const hostListenerPort = 9092;
const advertisedFile = '/tmp/order-ledger-advertised-listeners';
const waitingLine = 'order-ledger: waiting for the advertised listener';

/** Kafka for tests: apache/kafka in a container, else a broker started with this machine's java. */
export const kafkaProvider: ServerProvider = {
  kind: 'kafka',
  name: 'Apache Kafka 3.9',
  startContainer: startKafkaContainer,
  async startLocal() {
    const kafka = await startLocalKafka();
    return {
      url: kafka.brokers,
      source: 'local',
      stop: () => kafka.dispose(),
    };
  },
};

/**
 * The host reaches the broker through a port Docker maps only once the container runs, yet the
 * broker must advertise that port. So the container waits for a file naming it, written with exec
 * after start, and then runs the image's own start script (which turns KAFKA_* variables into
 * server.properties and formats storage for CLUSTER_ID).
 */
async function startKafkaContainer(): Promise<StartedServer> {
  const container = await new GenericContainer(image)
    .withEnvironment({
      ...imageVariables(testBrokerSettings),
      CLUSTER_ID: newClusterId(),
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: `HOST://0.0.0.0:${hostListenerPort},BROKER://0.0.0.0:19092,CONTROLLER://0.0.0.0:9093`,
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'HOST:PLAINTEXT,BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'BROKER',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_HEAP_OPTS: '-Xmx512m -Xms128m',
    })
    .withExposedPorts(hostListenerPort)
    .withCommand([
      'bash',
      '-c',
      `echo '${waitingLine}'; while [ ! -f ${advertisedFile} ]; do sleep 0.1; done; ` +
        `export KAFKA_ADVERTISED_LISTENERS="$(cat ${advertisedFile})"; exec /etc/kafka/docker/run`,
    ])
    .withWaitStrategy(Wait.forLogMessage(waitingLine))
    .start();
  try {
    const brokers = `${container.getHost()}:${container.getMappedPort(hostListenerPort)}`;
    const listeners = `HOST://${brokers},BROKER://localhost:19092`;
    // Written under another name and moved, so the loop above never reads half a file.
    const written = await container.exec([
      'bash',
      '-c',
      `printf '%s' "$1" > ${advertisedFile}.partial && mv ${advertisedFile}.partial ${advertisedFile}`,
      'write-listeners',
      listeners,
    ]);
    if (written.exitCode !== 0) {
      throw new Error(`could not write ${advertisedFile}: ${written.output}`);
    }
    await waitForKafka(brokers, { timeoutMs: 60_000 });
    return {
      url: brokers,
      source: 'testcontainers',
      stop: async () => {
        await container.stop();
      },
    };
  } catch (error) {
    await container.stop();
    throw error;
  }
}

// The image's naming: KAFKA_ prefix, "." → "_", "_" → "__", "-" → "___", upper case.
const imageVariables = (settings: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(settings).map(([name, value]) => [
      `KAFKA_${name.replaceAll('_', '__').replaceAll('-', '___').replaceAll('.', '_').toUpperCase()}`,
      value,
    ]),
  );
