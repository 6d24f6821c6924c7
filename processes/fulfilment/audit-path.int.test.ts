import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryEvents } from '../../domain/inventory/events.ts';
import { orderEvents } from '../../domain/order/events.ts';
import { paymentEvents } from '../../domain/payment/events.ts';
import type { Actor } from '../../domain/shared/command.ts';
import {
  fulfilmentStream,
  inventoryStream,
  orderStream,
  paymentStream,
} from '../../domain/streams.ts';
import { serverUrl } from '../../infra/test-servers/use-server.ts';
import { OperatorRequestNotAllowed } from './errors.ts';
import { sagaEvents } from './events.ts';
import { createWorld, customerOf, eventually } from './int-support.ts';
import type { SagaWorld } from './int-support.ts';

let world: SagaWorld;
beforeAll(() => {
  world = createWorld(serverUrl('eventstore'));
});
afterAll(async () => {
  await world.close();
});

const operator: Actor = { id: 'op-7', roles: ['operator'] };

// The path the read side audits end to end.
describe('declined, retried by an operator, captured, then cancelled by the customer', () => {
  it('is refunded and released, every step by the right actor', async () => {
    const sku = world.sku('GRINDER');
    // The carrier refuses the first pickup and the retry waits a minute: the customer cancels then.
    const orderId = world.orderId('fail-ship-once-audit');
    const customer = customerOf(orderId).id;
    await world.restock(sku, 10);
    const running = world.start({ paymentDeclineGraceMs: 60_000, shippingRetryBaseMs: 60_000 });
    // The provider declines a total ending in 14 at its first attempt only.
    await world.place(orderId, [{ sku, quantity: 1, unitPrice: 2014 }]);
    const sagaState = async () => (await running.inspect(orderId)).state;
    const waitFor = (
      what: string,
      check: (state: Awaited<ReturnType<typeof sagaState>>) => boolean,
    ) =>
      eventually(
        async () => check(await sagaState()),
        async () => `${what}: ${JSON.stringify(await sagaState())}`,
      );

    await waitFor(
      'declined',
      (state) => state.stage === 'running' && state.payment.status === 'declined',
    );
    await expect(running.requestRetry(orderId, 'inventory', operator)).rejects.toThrow(
      OperatorRequestNotAllowed,
    );
    await running.requestRetry(orderId, 'payment', operator);
    await waitFor(
      'shipping failed',
      (state) => state.stage === 'running' && state.shipping.failures > 0,
    );
    expect(await world.cancel(orderId)).toBe(true);
    await waitFor('completed', (state) => state.stage === 'completed');

    expect((await world.order(orderId)).status).toBe('cancelled');
    expect(world.provider.account(orderId)).toMatchObject({
      captured: 2014,
      refunded: 2014,
      attempts: 2,
    });
    expect(await world.stock(sku)).toMatchObject({ onHand: 10, reserved: 0 });

    const actors = async (stream: string, codec: Parameters<typeof world.store.readStream>[1]) =>
      (await world.store.readStream(stream, codec)).events.map((recorded) => [
        recorded.event.type,
        recorded.metadata.actor,
      ]);
    expect(await actors(orderStream(orderId), orderEvents)).toEqual([
      ['OrderPlaced', customer],
      ['OrderConfirmed', 'fulfilment-saga'],
      ['OrderCancelled', customer],
    ]);
    expect(await actors(paymentStream(orderId), paymentEvents)).toEqual([
      ['PaymentDeclined', 'fulfilment-saga'],
      ['PaymentAuthorized', 'fulfilment-saga'],
      ['PaymentCaptured', 'fulfilment-saga'],
      ['PaymentRefunded', 'fulfilment-saga'],
    ]);
    const stock = await actors(inventoryStream(sku), inventoryEvents);
    expect(stock.slice(1)).toEqual([
      ['StockReserved', 'fulfilment-saga'],
      ['StockReleased', 'fulfilment-saga'],
    ]);

    // The retry is the operator's, and the second authorization, by the saga, was caused by it.
    const saga = (await world.store.readStream(fulfilmentStream(orderId), sagaEvents)).events;
    expect(saga.map((recorded) => [recorded.event.type, recorded.metadata.actor])).toEqual([
      ['RetryRequested', 'op-7'],
      ['ShipmentFailed', 'fulfilment-saga'],
      ['FulfilmentCompleted', 'fulfilment-saga'],
    ]);
    const retry = saga[0];
    const payment = (await world.store.readStream(paymentStream(orderId), paymentEvents)).events;
    expect(payment[1]?.metadata).toMatchObject({ actor: 'fulfilment-saga' });
    expect(payment[1]?.metadata.$causationId).toBe(retry?.id);
    // Every step names the event that caused it: the capture, the confirmation; the refund, the cancel.
    const orders = (await world.store.readStream(orderStream(orderId), orderEvents)).events;
    expect(payment[2]?.metadata.$causationId).toBe(orders[1]?.id);
    expect(payment[3]?.metadata.$causationId).toBe(orders[2]?.id);
    expect(saga.at(-1)?.event).toEqual({
      type: 'FulfilmentCompleted',
      data: { outcome: 'cancelled' },
    });
  });
});
