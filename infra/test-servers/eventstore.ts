import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GenericContainer, Wait } from 'testcontainers';
import { spawnEventStore } from '../eventstore-server/child.ts';
import { startEmbeddedEventStore } from '../eventstore-server/index.ts';
import { acquireServer, type ServerProvider } from './acquire.ts';
import type { StartedServer } from './types.ts';

const image = 'docker.kurrent.io/kurrent-latest/kurrentdb:25.1';

/** EventStoreDB for tests: KurrentDB in a container, else the embedded server on a durable log. */
export const eventStoreProvider: ServerProvider = {
  kind: 'eventstore',
  name: 'EventStoreDB/KurrentDB',
  async startContainer() {
    const container = await new GenericContainer(image)
      .withEnvironment({
        KURRENTDB_INSECURE: 'true',
        KURRENTDB_RUN_PROJECTIONS: 'All',
        KURRENTDB_START_STANDARD_PROJECTIONS: 'true',
        KURRENTDB_MEM_DB: 'true',
      })
      .withExposedPorts(2113)
      .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
      .start();
    return {
      url: `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`,
      source: 'testcontainers',
      stop: async () => {
        await container.stop();
      },
    };
  },
  async startLocal() {
    const dataDir = await mkdtemp(join(tmpdir(), 'order-ledger-eventstore-'));
    const server = await startEmbeddedEventStore({ port: 0, dataDir });
    return {
      url: server.connectionString,
      source: 'local',
      stop: async () => {
        await server.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  },
};

// A private store's embedded server runs in a child process: a system test already runs the
// app's children and its own checks on this worker, and the server should not compete with them
// for the same event loop.
const privateEventStoreProvider: ServerProvider = {
  ...eventStoreProvider,
  async startLocal() {
    const dataDir = await mkdtemp(join(tmpdir(), 'order-ledger-private-eventstore-'));
    try {
      const server = await spawnEventStore(dataDir, { logLevel: 'warn', timeoutMs: 30_000 });
      return {
        url: server.connectionString,
        source: 'local',
        stop: async () => {
          await server.stop();
          await rm(dataDir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    }
  },
};

/**
 * An event store for one test file alone: a KurrentDB container where Docker answers, else the
 * embedded server in a child process on a temporary directory; EVENTSTORE_CONNECTION_STRING is
 * ignored on purpose. System tests need one because they run the product's own fulfilment saga
 * and Kafka bridge, whose default groups read every order of `$all`: on the shared server they
 * would handle (and race) every other test file's orders, and those files' sagas would handle
 * theirs. The caller stops it.
 */
export const startPrivateEventStore = (): Promise<StartedServer> =>
  acquireServer(privateEventStoreProvider, {});
