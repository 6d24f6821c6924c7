import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { Role } from '../auth/principal.ts';
import { levelChange, summaryChange, timelineChange } from './testing/changes.ts';
import {
  ask,
  clientOf,
  connected,
  liveEventNames,
  recordEvents,
  startLiveServer,
  tokenFor,
  type LiveServer,
} from './testing/live-server.ts';

let server: LiveServer;
const sockets: Socket[] = [];
let statsReads = 0;

beforeAll(async () => {
  server = await startLiveServer({
    ownerOf: () => Promise.resolve(undefined),
    loadStats: () => Promise.resolve({ byStatus: { placed: ++statsReads } }),
    snapshotIntervalMs: 100,
  });
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server.stop();
});

const joined = async (room: string, sub: string, ...roles: Role[]) => {
  const socket = await connected(clientOf(server.url, { token: await tokenFor(sub, ...roles) }));
  sockets.push(socket);
  expect(await ask(socket, 'join', { room })).toEqual({ ok: true });
  return { socket, heard: recordEvents(socket, liveEventNames) };
};

const lifecycle = ['OrderPlaced', 'StockReserved', 'OrderConfirmed', 'OrderShipped'];

describe('relaying read-model changes', () => {
  it('sends a subscribed customer every change of their order, in order, and each new timeline entry once', async () => {
    // The order is learnt from its first change: no lookup says whose it is.
    await server.feed.publish([summaryChange('order-1', 'alice', 'placed', 10)]);
    const alice = await joined('order:order-1', 'alice', 'customer');

    const statuses = ['placed', 'placed', 'confirmed', 'shipped', 'delivered'];
    for (const [index, status] of statuses.entries()) {
      await server.feed.publish([
        summaryChange('order-1', 'alice', status, (index + 1) * 10),
        timelineChange('order-1', 'alice', lifecycle.slice(0, Math.min(index + 1, 4))),
      ]);
      await server.feed.publish([summaryChange('order-2', 'bob', status, (index + 1) * 10 + 1)]);
    }
    await ask(alice.socket, 'join', { room: 'order:order-1' });

    const changed = alice.heard.filter((e) => e.event === 'order.changed');
    expect(changed.map((e) => [e.payload.orderId, e.payload.position])).toEqual(
      statuses.map((_, index) => ['order-1', (index + 1) * 10]),
    );
    expect(changed.map((e) => (e.payload.summary as { status: string }).status)).toEqual(statuses);
    const appended = alice.heard
      .filter((e) => e.event === 'timeline.appended')
      .flatMap((e) => e.payload.entries as { type: string }[]);
    expect(appended.map((entry) => entry.type)).toEqual(lifecycle);
    expect(alice.heard.map((e) => e.event)).not.toContain('inventory.changed');
  });

  it('sends operators every order, and stock levels and stats at most once per interval each', async () => {
    const operator = await joined('orders', 'olga', 'operator');
    await server.feed.publish([summaryChange('order-3', 'carol', 'placed', 100)]);
    for (let available = 10; available > 0; available--)
      await server.feed.publish([
        levelChange('SKU-1', available, 200 - available),
        { projection: 'ops_stats', id: 'by-status', position: 200 - available, document: {} },
      ]);
    await sleep(450);

    const levels = operator.heard.filter((e) => e.event === 'inventory.changed');
    expect(levels.map((e) => (e.payload.level as { available: number }).available)).toEqual([
      10, 1,
    ]);
    expect(levels.at(-1)?.payload).toMatchObject({ sku: 'SKU-1', position: 199 });
    const stats = operator.heard.filter((e) => e.event === 'stats.changed');
    expect(stats.length).toBeGreaterThanOrEqual(1);
    expect(stats.length).toBeLessThanOrEqual(2);
    expect(stats.at(-1)?.payload).toEqual({
      stats: { byStatus: { placed: statsReads } },
      position: 199,
    });
    expect(operator.heard[0]).toMatchObject({
      event: 'order.changed',
      payload: { orderId: 'order-3' },
    });
    expect(operator.heard.map((e) => e.event)).not.toContain('timeline.appended');
  });

  it('sends admins rebuild progress', async () => {
    const admin = await joined('admin', 'adam', 'admin');
    const rebuild = { collection: 'order_summaries__v2', progress: 0.5, done: false };
    await server.feed.publish([
      {
        projection: 'projections',
        id: 'order_summaries',
        position: 0,
        document: { name: 'order_summaries', rebuild },
      },
    ]);
    await ask(admin.socket, 'join', { room: 'admin' });

    expect(admin.heard).toEqual([
      { event: 'projection.progress', payload: { name: 'order_summaries', rebuild, position: 0 } },
    ]);
  });

  it('counts clients and relayed events on /metrics', async () => {
    const text = await server.metrics.registry.metrics();
    expect(text).toMatch(/order_ledger_live_connected_clients \d+/);
    expect(text).toMatch(/order_ledger_live_events_relayed_total\{event="order.changed"\} \d+/);
    expect(text).toMatch(/order_ledger_live_relay_latency_seconds_count \d+/);
  });
});
