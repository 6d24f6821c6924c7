import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryEvents } from '../../domain/inventory/events.ts';
import { inventoryStream, orderStream } from '../../domain/streams.ts';
import { orderEvents } from '../../domain/order/events.ts';
import { serverUrl } from '../../infra/test-servers/use-server.ts';
import { z } from 'zod';
import { createWorld, eventually } from './int-support.ts';
import type { SagaWorld } from './int-support.ts';

const correlation = z.object({ $correlationId: z.string() });

let world: SagaWorld;
beforeAll(() => {
  world = createWorld(serverUrl('eventstore'));
});
afterAll(async () => {
  await world.close();
});

describe('one order through the saga on the event store', () => {
  it('is reserved, paid, confirmed, shipped and delivered, with the causation chain intact', async () => {
    const sku = world.sku('BEANS');
    const orderId = world.orderId('happy-1');
    await world.restock(sku, 10);
    const running = world.start();
    await world.place(orderId, [{ sku, quantity: 3, unitPrice: 1500 }]);

    await eventually(
      async () => (await running.inspect(orderId)).stage === 'completed',
      async () => `stage ${(await running.inspect(orderId)).stage}`,
    );
    expect((await world.order(orderId)).status).toBe('delivered');
    expect(await world.stock(sku)).toMatchObject({ onHand: 7, reserved: 0 });
    expect(world.provider.account(orderId)).toMatchObject({
      status: 'captured',
      captured: 4500,
      refunded: 0,
    });

    // Every command the saga sent names the event that caused it.
    const placed = (await world.store.readStream(orderStream(orderId), orderEvents)).events[0];
    const { events } = await world.store.readStream(inventoryStream(sku), inventoryEvents);
    const reserved = events.find((recorded) => recorded.event.type === 'StockReserved');
    expect(reserved?.metadata).toMatchObject({
      actor: 'fulfilment-saga',
      $correlationId: orderId,
      $causationId: placed?.id,
    });
  });

  it('writes at most 12 events for a delivered one-line order, over every stream', async () => {
    const sku = world.sku('COUNTED');
    const orderId = world.orderId('counted-1');
    await world.restock(sku, 10);
    const running = world.start();
    await world.place(orderId, [{ sku, quantity: 1, unitPrice: 1500 }]);
    await eventually(
      async () => (await running.inspect(orderId)).stage === 'completed',
      async () => `stage ${(await running.inspect(orderId)).stage}`,
    );

    const correlated: string[] = [];
    for await (const resolved of world.store.client.readAll()) {
      const { event } = resolved;
      if (event === undefined || event.streamId.startsWith('$') || !event.isJson) continue;
      const metadata = correlation.safeParse(event.metadata);
      if (metadata.success && metadata.data.$correlationId === orderId) correlated.push(event.type);
    }
    expect(correlated).toEqual([
      'OrderPlaced',
      'StockReserved',
      'PaymentAuthorized',
      'OrderConfirmed',
      'PaymentCaptured',
      'OrderShipped',
      'StockCommitted',
      'OrderDelivered',
      'FulfilmentCompleted',
    ]);
    expect(correlated.length).toBeLessThanOrEqual(12);
  });
});
