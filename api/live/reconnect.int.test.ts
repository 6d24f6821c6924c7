import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { summaryChange, timelineChange } from './testing/changes.ts';
import {
  ask,
  clientOf,
  liveEventNames,
  recordEvents,
  startLiveServer,
  tokenFor,
  type LiveServer,
} from './testing/live-server.ts';
import { cuttableLink, type CuttableLink } from './testing/tcp-cut.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Alice, in her order's room through a link that can be cut, having seen its first change. */
const aliceBehindLink = async (recovery: {
  recoveryWindowMs: number;
  recoveryMaxEvents?: number;
}) => {
  const server: LiveServer = await startLiveServer({
    ownerOf: (id) => Promise.resolve(id === 'order-1' ? 'alice' : undefined),
    ...recovery,
  });
  const link: CuttableLink = await cuttableLink(server.port);
  cleanups.push(
    () => server.stop(),
    () => link.close(),
  );
  const socket: Socket = clientOf(`http://127.0.0.1:${link.port}`, {
    token: await tokenFor('alice', 'customer'),
  });
  cleanups.push(() => {
    socket.close();
  });
  const connects: boolean[] = [];
  socket.on('connect', () => connects.push(socket.recovered));
  socket.connect();
  while (!socket.connected) await sleep(10);
  expect(await ask(socket, 'join', { room: 'order:order-1' })).toEqual({ ok: true });
  const heard = recordEvents(socket, liveEventNames);
  await server.feed.publish([summaryChange('order-1', 'alice', 'placed', 10)]);
  while (heard.length === 0) await sleep(10);
  return { server, link, socket, heard, connects };
};

/** Cuts the link for 5 s, publishing the order's next changes meanwhile, and waits to reconnect. */
const cutFor5s = async ({
  server,
  link,
  socket,
  connects,
}: Awaited<ReturnType<typeof aliceBehindLink>>) => {
  link.cut();
  while (socket.connected) await sleep(10);
  await server.feed.publish([
    summaryChange('order-1', 'alice', 'confirmed', 20),
    timelineChange('order-1', 'alice', ['OrderPlaced', 'OrderConfirmed']),
  ]);
  await sleep(2_500);
  await server.feed.publish([summaryChange('order-1', 'alice', 'shipped', 30)]);
  await sleep(2_500);
  link.restore();
  while (connects.length < 2) await sleep(10);
};

const orderPositions = (heard: { event: string; payload: Record<string, unknown> }[]) =>
  heard.filter((e) => e.event === 'order.changed').map((e) => e.payload.position);

describe('a client cut off for 5 s', () => {
  it('gets what it missed when it reconnects, through connection state recovery', async () => {
    const alice = await aliceBehindLink({ recoveryWindowMs: 60_000 });
    await cutFor5s(alice);
    await alice.server.feed.publish([summaryChange('order-1', 'alice', 'delivered', 40)]);
    while (orderPositions(alice.heard).length < 4) await sleep(10);

    expect(alice.connects).toEqual([false, true]);
    expect(orderPositions(alice.heard)).toEqual([10, 20, 30, 40]);
    expect(alice.heard.filter((e) => e.event === 'timeline.appended')).toHaveLength(1);
  });

  it('gets it with since once its session has expired, after joining again', async () => {
    const alice = await aliceBehindLink({ recoveryWindowMs: 1_000 });
    await cutFor5s(alice);
    expect(alice.connects).toEqual([false, false]);
    expect(orderPositions(alice.heard)).toEqual([10]);

    expect(await ask(alice.socket, 'join', { room: 'order:order-1' })).toEqual({ ok: true });
    expect(await ask(alice.socket, 'since', { position: '10' })).toEqual({ ok: true, replayed: 3 });

    expect(orderPositions(alice.heard)).toEqual([10, 20, 30]);
    const entries = alice.heard
      .filter((e) => e.event === 'timeline.appended')
      .flatMap((e) => e.payload.entries as { type: string }[]);
    expect(entries.map((entry) => entry.type)).toEqual(['OrderPlaced', 'OrderConfirmed']);
  });

  it('is not recovered when more was sent than recovery keeps, and can still catch up with since', async () => {
    const alice = await aliceBehindLink({ recoveryWindowMs: 60_000, recoveryMaxEvents: 2 });
    await cutFor5s(alice);
    expect(alice.connects).toEqual([false, false]);

    expect(await ask(alice.socket, 'join', { room: 'order:order-1' })).toEqual({ ok: true });
    expect(await ask(alice.socket, 'since', { position: 10 })).toEqual({ ok: true, replayed: 3 });
    expect(orderPositions(alice.heard)).toEqual([10, 20, 30]);
  });
});
