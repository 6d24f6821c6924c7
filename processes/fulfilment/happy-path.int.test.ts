import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryEvents } from '../../domain/inventory/events.ts';
import { fulfilmentStream, inventoryStream } from '../../domain/streams.ts';
import { serverUrl } from '../../infra/test-servers/use-server.ts';
import { sagaEvents } from './events.ts';
import { createWorld, eventually } from './int-support.ts';
import type { SagaWorld } from './int-support.ts';

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

    // Every command the saga sent names the decision that caused it.
    const saga = await world.store.readStream(fulfilmentStream(orderId), sagaEvents);
    const reservation = saga.events.find(
      (recorded) => recorded.event.type === 'StockReservationRequested',
    );
    expect(reservation?.metadata).toMatchObject({
      actor: 'fulfilment-saga',
      $correlationId: orderId,
    });
    const { events } = await world.store.readStream(inventoryStream(sku), inventoryEvents);
    const reserved = events.find((recorded) => recorded.event.type === 'StockReserved');
    expect(reserved?.metadata.$causationId).toBe(reservation?.id);
    expect(reserved?.metadata.actor).toBe('fulfilment-saga');
  });
});
