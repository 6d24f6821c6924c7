import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { Role } from '../auth/principal.ts';
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

// The health source is the api's (api/ops); here a loader that counts its reads stands in for
// it, so the test can see when the relay reads and when it does not.
let reads = 0;
const snapshot = () => ({ at: new Date().toISOString(), components: [], read: ++reads });

let server: LiveServer;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startLiveServer({
    loadHealth: () => Promise.resolve(snapshot()),
    healthIntervalMs: 100,
  });
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server.stop();
});

const as = async (sub: string, ...roles: Role[]) => {
  const socket = await connected(clientOf(server.url, { token: await tokenFor(sub, ...roles) }));
  sockets.push(socket);
  return { socket, heard: recordEvents(socket, liveEventNames) };
};
const join = (socket: Socket) => ask(socket, 'join', { room: 'ops' });
const healthOf = (heard: { event: string; payload: Record<string, unknown> }[]) =>
  heard.filter((e) => e.event === 'health.changed').map((e) => e.payload.health);

describe('health.changed in the ops room', () => {
  it('reads nothing while no one is in the room', async () => {
    await as('olga', 'operator'); // connected, in no room
    await sleep(350);
    expect(reads).toBe(0);
  });

  it('sends an operator a snapshot on joining, then one every interval', async () => {
    const olga = await as('olga', 'operator');

    expect(await join(olga.socket)).toEqual({ ok: true });
    await expect.poll(() => healthOf(olga.heard).length, { timeout: 2_000 }).toBeGreaterThan(3);
    const heard = healthOf(olga.heard);
    expect(heard[0]).toMatchObject({ components: [] });
    // Each is a fresh read, in the order read.
    const order = heard.map((h) => (h as { read: number }).read);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(new Set(order).size).toBe(order.length);

    expect(await ask(olga.socket, 'leave', { room: 'ops' })).toEqual({ ok: true });
  });

  it('lets an admin in, refuses a customer and an auditor, and sends them nothing', async () => {
    const adam = await as('adam', 'admin');
    const alice = await as('alice', 'customer');
    const aude = await as('aude', 'auditor');

    expect(await join(alice.socket)).toEqual({
      ok: false,
      error: 'the ops room is for operators and admins',
    });
    expect(await join(aude.socket)).toEqual({
      ok: false,
      error: 'the ops room is for operators and admins',
    });
    expect(await join(adam.socket)).toEqual({ ok: true });
    await expect.poll(() => healthOf(adam.heard).length, { timeout: 2_000 }).toBeGreaterThan(1);

    expect(healthOf(alice.heard)).toEqual([]);
    expect(healthOf(aude.heard)).toEqual([]);
    adam.socket.close();
  });

  it('stops reading once the room is empty, and starts again when someone joins', async () => {
    const olga = await as('olga', 'operator');
    expect(await join(olga.socket)).toEqual({ ok: true });
    await expect.poll(() => healthOf(olga.heard).length, { timeout: 2_000 }).toBeGreaterThan(1);

    expect(await ask(olga.socket, 'leave', { room: 'ops' })).toEqual({ ok: true });
    await sleep(150); // a read under way when she left may still end
    const readsWhenEmpty = reads;
    const heardWhenEmpty = healthOf(olga.heard).length;
    await sleep(400);
    expect(reads).toBe(readsWhenEmpty);
    expect(healthOf(olga.heard)).toHaveLength(heardWhenEmpty);

    expect(await join(olga.socket)).toEqual({ ok: true });
    await expect
      .poll(() => healthOf(olga.heard).length, { timeout: 2_000 })
      .toBeGreaterThan(heardWhenEmpty + 1);
  });
});
