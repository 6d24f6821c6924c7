import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { summaryChange } from './testing/changes.ts';
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
import type { Role } from '../auth/principal.ts';

const owners = new Map([
  ['order-a', 'alice'],
  ['order-b', 'bob'],
]);
let server: LiveServer;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startLiveServer({ ownerOf: (id) => Promise.resolve(owners.get(id)) });
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server.stop();
});

const as = async (sub: string, ...roles: Role[]) => {
  const socket = await connected(clientOf(server.url, { token: await tokenFor(sub, ...roles) }));
  sockets.push(socket);
  return socket;
};
const join = (socket: Socket, room: string) => ask(socket, 'join', { room });

describe('joining rooms', () => {
  it("lets a customer into their own order's room only", async () => {
    const alice = await as('alice', 'customer');

    expect(await join(alice, 'order:order-a')).toEqual({ ok: true });
    expect(await join(alice, 'order:order-b')).toEqual({ ok: false, error: 'no such order' });
    expect(await join(alice, 'order:order-none')).toEqual({ ok: false, error: 'no such order' });
    expect(await join(alice, 'orders')).toEqual({
      ok: false,
      error: 'the orders room is for operators, auditors and admins',
    });
    expect(await join(alice, 'admin')).toEqual({
      ok: false,
      error: 'the admin room is for admins',
    });
  });

  it('lets operators and auditors into every room but admin, admins into all', async () => {
    const operator = await as('olga', 'operator');
    const auditor = await as('aude', 'auditor');
    const admin = await as('adam', 'admin');

    for (const socket of [operator, auditor, admin]) {
      expect(await join(socket, 'orders')).toEqual({ ok: true });
      expect(await join(socket, 'order:order-b')).toEqual({ ok: true });
    }
    expect(await join(operator, 'admin')).toMatchObject({ ok: false });
    expect(await join(admin, 'admin')).toEqual({ ok: true });
  });

  it('refuses rooms that do not exist and messages of the wrong shape', async () => {
    const operator = await as('olga', 'operator');

    for (const message of [
      { room: 'everything' },
      { room: 'order:' },
      { room: 'order:a b' },
      'orders',
      { room: 'orders', extra: 1 },
    ])
      expect(await ask(operator, 'join', message)).toMatchObject({ ok: false });
    expect(await ask(operator, 'since', { position: 'soon' })).toMatchObject({ ok: false });
  });

  it("keeps a customer from hearing of another customer's order", async () => {
    const alice = await as('alice', 'customer');
    const bob = await as('bob', 'customer');
    await join(alice, 'order:order-a');
    await join(bob, 'order:order-b');
    await join(bob, 'order:order-a');
    const aliceHeard = recordEvents(alice, liveEventNames);
    const bobHeard = recordEvents(bob, liveEventNames);

    await server.feed.publish([summaryChange('order-a', 'alice', 'placed', 1)]);
    await server.feed.publish([summaryChange('order-b', 'bob', 'placed', 2)]);
    await join(alice, 'order:order-a'); // a round trip: what was sent before has arrived

    expect(aliceHeard.map((e) => e.payload.orderId)).toEqual(['order-a']);
    await join(bob, 'order:order-b');
    expect(bobHeard.map((e) => e.payload.orderId)).toEqual(['order-b']);
  });

  it('stops sending a room once left', async () => {
    const operator = await as('olga', 'operator');
    await join(operator, 'orders');
    const heard = recordEvents(operator, liveEventNames);
    await server.feed.publish([summaryChange('order-a', 'alice', 'confirmed', 3)]);
    expect(await ask(operator, 'leave', { room: 'orders' })).toEqual({ ok: true });
    await server.feed.publish([summaryChange('order-a', 'alice', 'shipped', 4)]);
    await join(operator, 'order:order-b');

    expect(heard.map((e) => e.payload.position)).toEqual([3]);
  });

  it('refuses joins beyond 50 a second', async () => {
    const alice = await as('alice', 'customer');
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => join(alice, `order:order-x${i}`)),
    );
    expect(
      answers.filter((a) => JSON.stringify(a).includes('joins a second')).length,
    ).toBeGreaterThanOrEqual(10);
  });
});
