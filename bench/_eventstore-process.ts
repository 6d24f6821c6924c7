import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild } from './_child.ts';

export interface EventStoreProcess {
  readonly connectionString: string;
  stop(): Promise<void>;
}

const serverMain = join(import.meta.dirname, '..', 'infra', 'eventstore-server', 'main.ts');

/**
 * The embedded event store in a child process on a fresh durable data directory, so a benchmark's
 * client and the server each get a core, as they would on two machines.
 */
export const startEventStoreProcess = async (): Promise<EventStoreProcess> => {
  const dataDir = await mkdtemp(join(tmpdir(), 'order-ledger-bench-'));
  const server = await startChild(
    serverMain,
    ['--port', '0', '--data-dir', dataDir],
    { LOG_LEVEL: 'info' },
    /esdb:\/\/[^\s"]+/,
  );
  return {
    connectionString: server.url,
    async stop() {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
};

/** The event store a benchmark runs against: EVENTSTORE_CONNECTION_STRING if set, else a child process. */
export const eventStoreForBench = async (): Promise<EventStoreProcess> => {
  const given = process.env.EVENTSTORE_CONNECTION_STRING;
  if (given) return { connectionString: given, stop: () => Promise.resolve() };
  return startEventStoreProcess();
};
