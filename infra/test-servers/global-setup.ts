import type { TestProject } from 'vitest/node';
import { acquireServer, type ServerProvider } from './acquire.ts';
import { eventStoreProvider } from './eventstore.ts';
import { kafkaProvider } from './kafka.ts';
import { mongodbProvider } from './mongodb.ts';
import { otlpProvider } from './otlp.ts';
import type { ServerKind, ServerOutcome, StartedServer } from './types.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    testServers: Partial<Record<ServerKind, ServerOutcome>>;
  }
}

const providers: readonly ServerProvider[] = [
  eventStoreProvider,
  kafkaProvider,
  mongodbProvider,
  otlpProvider,
];

interface Shared {
  readonly ready: Promise<{
    outcomes: Partial<Record<ServerKind, ServerOutcome>>;
    started: StartedServer[];
  }>;
  users: number;
}

// Every project (int, e2e) runs its global setup in the same vitest process, each loading this
// module afresh; the servers are shared through globalThis so one run starts each server once.
const registry = globalThis as typeof globalThis & { orderLedgerTestServers?: Shared };

const startAll = async () => {
  const wanted = process.env.TEST_SERVERS?.split(',').map((kind) => kind.trim());
  const chosen = providers.filter((provider) => !wanted || wanted.includes(provider.kind));
  const started: StartedServer[] = [];
  const outcomes: Partial<Record<ServerKind, ServerOutcome>> = {};
  await Promise.all(
    chosen.map(async (provider) => {
      try {
        const server = await acquireServer(provider);
        started.push(server);
        const { url, source, details } = server;
        outcomes[provider.kind] = { ok: true, url, source, ...(details && { details }) };
      } catch (error) {
        outcomes[provider.kind] = {
          ok: false,
          missing: error instanceof Error ? error.message : String(error),
        };
      }
    }),
  );
  return { outcomes, started };
};

/**
 * Vitest global setup for the int and e2e projects: has every server once for the whole run and
 * hands each test its URL, or the reason there is none (see use-server.ts). TEST_SERVERS
 * (comma-separated kinds) limits which are started, for a quicker local loop.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const shared = (registry.orderLedgerTestServers ??= { ready: startAll(), users: 0 });
  shared.users++;
  const { outcomes, started } = await shared.ready;
  project.provide('testServers', outcomes);
  return async () => {
    shared.users--;
    if (shared.users > 0) return;
    registry.orderLedgerTestServers = undefined;
    await Promise.all(started.map((server) => server.stop()));
  };
}
