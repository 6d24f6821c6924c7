import { FORWARDS, START, jsonEvent } from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateEventStore } from '../../infra/test-servers/eventstore.ts';
import type { StartedServer } from '../../infra/test-servers/types.ts';
import { isRecordType } from './events-records.ts';
import { createWorld, eventually } from './int-support.ts';
import type { SagaWorld } from './int-support.ts';
import { v1Log, v1Orders } from './testing/v1-log.ts';

// An upgrade: the log the v1 saga left (orders stopped at five points, its `fulfilment-*` streams
// full of its own event types) is what today's saga starts on. A store of its own, so the log's
// ids are its only ones.
let server: StartedServer | undefined;
let world: SagaWorld | undefined;
beforeAll(async () => {
  server = await startPrivateEventStore();
  world = createWorld(server.url);
  for (const stored of v1Log) {
    const { id, type, data, metadata } = stored;
    const event = jsonEvent({ id, type, data, metadata });
    await world.store.client.appendToStream(stored.stream, event);
  }
});
afterAll(async () => {
  await world?.close();
  await server?.stop();
});

describe('orders in flight under the v1 saga', () => {
  it('finish under the workflow, and nothing stored is rewritten', async () => {
    if (world === undefined) throw new Error('the store did not start');
    const running = world.start({
      idPrefix: 'v1-',
      // The recording is older than any timeout: the policy in force decides what is due.
      reservationTimeoutMs: 365 * 24 * 60 * 60_000,
      paymentDeclineGraceMs: 1000,
    });
    for (const orderId of Object.values(v1Orders)) {
      await eventually(
        async () => (await running.inspect(orderId)).stage === 'completed',
        async () => `${orderId}: ${(await running.inspect(orderId)).stage}`,
      );
    }
    const statuses = await Promise.all(
      Object.values(v1Orders).map(async (orderId) => [
        orderId,
        (await world?.order(orderId))?.status,
      ]),
    );
    expect(Object.fromEntries(statuses)).toEqual({
      [v1Orders.awaitingPayment]: 'delivered',
      [v1Orders.confirmed]: 'delivered',
      [v1Orders.shipped]: 'delivered',
      [v1Orders.declined]: 'rejected',
      [v1Orders.delivered]: 'delivered',
    });
    // Four orders of 2 delivered out of 100, the declined one's released.
    expect(await world.stock('v1-BEANS')).toMatchObject({ onHand: 92, reserved: 0 });
    expect(world.carrier.shipmentsOf(v1Orders.confirmed)).toBe(1);

    const after: { id: string; stream: string; type: string }[] = [];
    for await (const resolved of world.store.client.readAll({
      fromPosition: START,
      direction: FORWARDS,
    })) {
      const { event } = resolved;
      if (event === undefined || event.streamId.startsWith('$')) continue;
      after.push({ id: event.id, stream: event.streamId, type: event.type });
    }
    // The recording is still there as it was; what follows it in the saga's streams is today's.
    expect(after.slice(0, v1Log.length)).toEqual(
      v1Log.map(({ id, stream, type }) => ({ id, stream, type })),
    );
    const appended = after
      .slice(v1Log.length)
      .filter((event) => event.stream.startsWith('fulfilment-'));
    expect(appended.every((event) => isRecordType(event.type))).toBe(true);
    expect(appended.filter((event) => event.type === 'FulfilmentCompleted')).toHaveLength(4);
  }, 120_000);
});
