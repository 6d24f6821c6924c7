import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GenericContainer, Wait } from 'testcontainers';
import { startEmbeddedEventStore } from '../eventstore-server/index.ts';
import type { ServerProvider } from './acquire.ts';

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
