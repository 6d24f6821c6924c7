// Test support only: the system as it runs in connected mode, an api process and a processes
// process on a private event store, for tests of what the two do together.
import { afterAll, beforeAll, expect } from 'vitest';
import { connectEventStore, type EventStore } from '../../infra/eventstore/event-store.ts';
import { startPrivateEventStore } from '../../infra/test-servers/eventstore.ts';
import type { StartedServer } from '../../infra/test-servers/types.ts';
import { connectedEnv, startApp, stopApps, type AppChild } from './app-processes.ts';
import { signToken } from './test-api.ts';

export interface TwoProcesses {
  readonly api: AppChild;
  readonly processes: AppChild;
  /** A client of the system's event store, to read what the two wrote. */
  readonly store: EventStore;
}

/**
 * Starts the two before the file's tests (with `settings` on top of the connected environment
 * and `restock` units of SKU-1 in stock) and stops them after; the returned function gives the
 * running system, or fails the test that asks when it did not start.
 */
export const twoProcesses = (
  settings: Readonly<Record<string, string>>,
  restock = 100,
): (() => TwoProcesses) => {
  let eventStore: StartedServer | undefined;
  let store: EventStore | undefined;
  let api: AppChild | undefined;
  let processes: AppChild | undefined;

  beforeAll(async () => {
    eventStore = await startPrivateEventStore();
    store = connectEventStore(eventStore.url);
    const env = connectedEnv({ eventStore: eventStore.url }, settings);
    api = await startApp({ role: 'api', env });
    processes = await startApp({ role: 'processes', env, name: 'processes' });
    const operator = await signToken({ sub: 'op-stock', roles: ['operator'] });
    const restocked = await api.request('/api/inventory/SKU-1/restock', {
      token: operator,
      json: { quantity: restock },
    });
    expect(restocked.status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await stopApps([processes, api]);
    await store?.close();
    await eventStore?.stop();
  });

  return () => {
    if (api === undefined || processes === undefined || store === undefined)
      throw new Error('the system did not start');
    return { api, processes, store };
  };
};
