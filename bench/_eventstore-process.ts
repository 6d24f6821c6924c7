import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnEventStore } from '../infra/eventstore-server/child.ts';

export interface EventStoreProcess {
  readonly connectionString: string;
  stop(): Promise<void>;
}

/**
 * The event store a benchmark runs against: EVENTSTORE_CONNECTION_STRING if set, else the embedded
 * server in a child process on a fresh durable data directory, so the benchmark's client and the
 * server each get a core, as they would on two machines.
 */
export const eventStoreForBench = async (): Promise<EventStoreProcess> => {
  const given = process.env.EVENTSTORE_CONNECTION_STRING;
  if (given) return { connectionString: given, stop: () => Promise.resolve() };
  const dataDir = await mkdtemp(join(tmpdir(), 'order-ledger-bench-'));
  const server = await spawnEventStore(dataDir, { logLevel: 'warn' });
  return {
    connectionString: server.connectionString,
    async stop() {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
};
