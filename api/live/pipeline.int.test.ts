import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../infra/config.ts';
import { silentLogger } from '../../infra/logger.ts';
import { startPrivateEventStore } from '../../infra/test-servers/eventstore.ts';
import type { StartedServer } from '../../infra/test-servers/types.ts';
import { startSystem, type RunningSystem } from '../system.ts';
import { connectedEnv } from '../testing/app-processes.ts';
import { attachLiveUpdates, type LiveUpdates } from './attach.ts';
import { orderOwnerFromStream } from './ownership.ts';
import {
  ask,
  clientOf,
  connected,
  liveEventNames,
  recordEvents,
  tokenFor,
} from './testing/live-server.ts';

// The whole path in one process: HTTP command → event store → saga → projections → change feed
// → Socket.IO, on an event store of this file's own (its saga reads every order of `$all`).
let eventStore: StartedServer;
let system: RunningSystem;
let http: Server;
let live: LiveUpdates;
let liveUrl: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  eventStore = await startPrivateEventStore();
  const env = connectedEnv(
    { eventStore: eventStore.url },
    { HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent' },
  );
  system = await startSystem({ config: loadConfig(env), role: 'all', logger: silentLogger() });
  http = createServer();
  live = attachLiveUpdates(http, {
    verifier: system.tokens,
    feed: system.feed,
    ownerOf: orderOwnerFromStream(system.aggregates),
    logger: silentLogger(),
    metrics: system.metrics,
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  liveUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await live.close();
  await new Promise((resolve) => http.close(resolve));
  await system.stop();
  await eventStore.stop();
});

const post = async (path: string, token: string, body: unknown) => {
  const response = await fetch(`${system.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  expect(response.status).toBeLessThan(300);
  return (await response.json()) as Record<string, unknown>;
};

const socketOf = async (token: string) => {
  const socket = await connected(clientOf(liveUrl, { token }));
  sockets.push(socket);
  return socket;
};

describe('live updates from the real projections', () => {
  it('tell the operators and the customer every step of an order, and no one else', async () => {
    const operatorToken = await tokenFor('olga', 'operator');
    await post('/api/inventory/SKU-1/restock', operatorToken, { quantity: 10 });
    const operator = await socketOf(operatorToken);
    expect(await ask(operator, 'join', { room: 'orders' })).toEqual({ ok: true });
    const operatorHeard = recordEvents(operator, liveEventNames);

    const aliceToken = await tokenFor('alice', 'customer');
    const placed = await post('/api/orders', aliceToken, {
      lines: [{ sku: 'SKU-1', quantity: 2 }],
    });
    const orderId = String(placed.orderId);
    const alice = await socketOf(aliceToken);
    const bob = await socketOf(await tokenFor('bob', 'customer'));
    expect(await ask(bob, 'join', { room: `order:${orderId}` })).toEqual({
      ok: false,
      error: 'no such order',
    });
    expect(await ask(alice, 'join', { room: `order:${orderId}` })).toEqual({ ok: true });
    const aliceHeard = recordEvents(alice, liveEventNames);

    const statusesOf = (heard: typeof aliceHeard) =>
      heard
        .filter((e) => e.event === 'order.changed' && e.payload.orderId === orderId)
        .map((e) => (e.payload.summary as { status: string }).status);
    const deadline = Date.now() + 30_000;
    while (!statusesOf(aliceHeard).includes('delivered') && Date.now() < deadline) await sleep(50);

    const seen = statusesOf(operatorHeard);
    expect(seen[0]).toBe('placed');
    expect([...new Set(seen)]).toEqual(['placed', 'confirmed', 'shipped', 'delivered']);
    const positions = operatorHeard
      .filter((e) => e.event === 'order.changed' && e.payload.orderId === orderId)
      .map((e) => Number(e.payload.position));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(statusesOf(aliceHeard).at(-1)).toBe('delivered');
    const entries = aliceHeard
      .filter((e) => e.event === 'timeline.appended')
      .flatMap((e) => e.payload.entries as { eventId: string; type: string }[]);
    expect(new Set(entries.map((entry) => entry.eventId)).size).toBe(entries.length);
    expect(entries.map((entry) => entry.type)).toContain('OrderDelivered');
    expect(operatorHeard.some((e) => e.event === 'inventory.changed')).toBe(true);
  });
});
