import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../infra/config.ts';
import { silentLogger } from '../../infra/logger.ts';
import { startPrivateEventStore } from '../../infra/test-servers/eventstore.ts';
import type { StartedServer } from '../../infra/test-servers/types.ts';
import { serverUrl } from '../../infra/test-servers/use-server.ts';
import { startSystem, type RunningSystem } from '../system.ts';
import { connectedEnv, startApp, stopApps, type AppChild } from '../testing/app-processes.ts';
import {
  ask,
  clientOf,
  connected,
  liveEventNames,
  recordEvents,
  tokenFor,
} from './testing/live-server.ts';

// The whole path as the product ships it: HTTP command → event store → saga → projections →
// change feed → Socket.IO on the API's own port. Once in one process (read models and change feed
// in memory), once split into api, processes and projections processes (read models and change
// feed in MongoDB). Each on an event store of its own: its saga reads every order of `$all`.
const sockets: Socket[] = [];
afterAll(() => {
  for (const socket of sockets) socket.close();
});

const post = async (url: string, path: string, token: string, body: unknown) => {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  expect(response.status).toBeLessThan(300);
  return (await response.json()) as Record<string, unknown>;
};

const socketOf = async (url: string, token: string) => {
  const socket = await connected(clientOf(url, { token }));
  sockets.push(socket);
  return socket;
};

/** An order's journey, told over Socket.IO to the operator and its customer, and to no one else. */
const followOneOrder = async (url: string) => {
  const operatorToken = await tokenFor('olga', 'operator');
  await post(url, '/api/inventory/SKU-1/restock', operatorToken, { quantity: 10 });
  const operator = await socketOf(url, operatorToken);
  expect(await ask(operator, 'join', { room: 'orders' })).toEqual({ ok: true });
  const operatorHeard = recordEvents(operator, liveEventNames);

  const aliceToken = await tokenFor('alice', 'customer');
  const placed = await post(url, '/api/orders', aliceToken, {
    lines: [{ sku: 'SKU-1', quantity: 2 }],
  });
  const orderId = String(placed.orderId);
  const alice = await socketOf(url, aliceToken);
  const bob = await socketOf(url, await tokenFor('bob', 'customer'));
  expect(await ask(bob, 'join', { room: `order:${orderId}` })).toEqual({
    ok: false,
    error: 'no such order',
  });
  expect(await ask(alice, 'join', { room: `order:${orderId}` })).toEqual({ ok: true });
  const aliceHeard = recordEvents(alice, liveEventNames);
  const bobHeard = recordEvents(bob, liveEventNames);

  const statusesOf = (heard: typeof aliceHeard) =>
    heard
      .filter((e) => e.event === 'order.changed' && e.payload.orderId === orderId)
      .map((e) => (e.payload.summary as { status: string }).status);
  const timelineOf = (heard: typeof aliceHeard) =>
    heard
      .filter((e) => e.event === 'timeline.appended')
      .flatMap((e) => e.payload.entries as { eventId: string; type: string }[]);
  // Each read model has its own runner: the timeline's last entry may come after the summary's.
  const told = () =>
    statusesOf(aliceHeard).includes('delivered') &&
    timelineOf(aliceHeard).some((entry) => entry.type === 'OrderDelivered');
  const deadline = Date.now() + 30_000;
  while (!told() && Date.now() < deadline) await sleep(50);

  // A summary is the order as its read model holds it: events a projection folds in one batch
  // (placed and confirmed come a few ms apart) are one change, so the operator may first hear it
  // confirmed. What is heard is the journey in order, never backwards, and ends delivered (the
  // order's timeline, read in full on its page, keeps every step).
  const journey = ['placed', 'confirmed', 'shipped', 'delivered'];
  const seen = [...new Set(statusesOf(operatorHeard))];
  expect(seen.map((status) => journey.indexOf(status))).toEqual(
    seen.map((status) => journey.indexOf(status)).sort((a, b) => a - b),
  );
  expect(seen.at(-1)).toBe('delivered');
  expect(seen.every((status) => journey.includes(status))).toBe(true);
  const positions = operatorHeard
    .filter((e) => e.event === 'order.changed' && e.payload.orderId === orderId)
    .map((e) => Number(e.payload.position));
  expect(positions).toEqual([...positions].sort((a, b) => a - b));
  expect(statusesOf(aliceHeard).at(-1)).toBe('delivered');
  const entries = timelineOf(aliceHeard);
  expect(new Set(entries.map((entry) => entry.eventId)).size).toBe(entries.length);
  expect(entries.map((entry) => entry.type)).toContain('OrderDelivered');
  expect(operatorHeard.some((e) => e.event === 'inventory.changed')).toBe(true);
  expect(bobHeard).toEqual([]);
};

describe('live updates from the real projections, in one process', () => {
  let eventStore: StartedServer | undefined;
  let system: RunningSystem | undefined;
  beforeAll(async () => {
    eventStore = await startPrivateEventStore();
    const env = connectedEnv(
      { eventStore: eventStore.url },
      { HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent' },
    );
    system = await startSystem({ config: loadConfig(env), role: 'all', logger: silentLogger() });
  });
  afterAll(async () => {
    await system?.stop();
    await eventStore?.stop();
  });

  it('tell the operators and the customer every step of an order, and no one else', async () => {
    if (system === undefined) throw new Error('the system did not start');
    await followOneOrder(system.url);
  });
});

describe('live updates from projections in another process, through MongoDB', () => {
  let eventStore: StartedServer | undefined;
  const apps: AppChild[] = [];
  beforeAll(async () => {
    eventStore = await startPrivateEventStore();
    const env = connectedEnv(
      { eventStore: eventStore.url },
      { MONGODB_URL: serverUrl('mongodb'), MONGODB_DATABASE: `live_${randomUUID().slice(0, 8)}` },
    );
    for (const role of ['projections', 'processes', 'api'] as const)
      apps.push(await startApp({ role, env }));
  });
  afterAll(async () => {
    await stopApps(apps);
    await eventStore?.stop();
  });

  it('tell the operators and the customer every step of an order, and no one else', async () => {
    const api = apps.find((app) => app.name === 'api');
    if (api === undefined) throw new Error('the api process did not start');
    await followOneOrder(api.url);
  });
});
