import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryStream, orderStream, paymentStream } from '../../domain/streams.ts';
import { serverUrl } from '../../infra/test-servers/use-server.ts';
import { createWorld, eventually } from './int-support.ts';
import type { SagaWorld } from './int-support.ts';
import { eventsOf, startCompetingProcess } from './testing/competing-process.ts';

// Two processes processes share the saga's inputs as competing consumers, and each has its own
// simulated payment provider (as each has in the system): the test hands each input to one of
// them, in the interleaving the system test met under load.
const url = serverUrl('eventstore');
let world: SagaWorld;
let a: ReturnType<typeof startCompetingProcess>;
let b: ReturnType<typeof startCompetingProcess>;
beforeAll(() => {
  world = createWorld(url);
  a = startCompetingProcess(url, world.prefix);
  b = startCompetingProcess(url, world.prefix);
});
afterAll(async () => {
  await Promise.all([a.stop(), b.stop()]);
  await world.close();
});

describe('an order cancelled by its customer between two competing processes', () => {
  it('is refunded by the process that authorized what the other captured, and completes cancelled', async () => {
    const sku = world.sku('BEANS');
    const orderId = world.orderId('cancelled-after-capture');
    await world.restock(sku, 10);
    await world.place(orderId, [{ sku, quantity: 2, unitPrice: 1500 }]);
    const streams = [orderStream(orderId), paymentStream(orderId), inventoryStream(sku)];
    const delivered = new Set<string>();
    const undelivered = async () =>
      (await eventsOf(url, orderId, streams)).filter((recorded) => !delivered.has(recorded.id));
    /** Hands the first undelivered input of `type` to `process`. */
    const hand = async (process: typeof a, type: string) => {
      const recorded = (await undelivered()).find((each) => each.event.type === type);
      if (recorded === undefined) throw new Error(`no ${type} for ${orderId}`);
      delivered.add(recorded.id);
      return process.deliver(orderId, recorded);
    };

    await hand(a, 'OrderPlaced'); // A reserves
    await hand(a, 'StockReserved'); // A authorizes, on its own provider
    await hand(b, 'PaymentAuthorized'); // B confirms
    await hand(b, 'OrderConfirmed'); // B captures, on its own provider
    expect(await world.cancel(orderId)).toBe(true);
    // A happens to receive everything from here on: it releases and refunds what B captured.
    for (let rest = await undelivered(); rest.length > 0; rest = await undelivered())
      for (const recorded of rest) {
        delivered.add(recorded.id);
        await a.deliver(orderId, recorded);
      }

    expect((await world.order(orderId)).status).toBe('cancelled');
    expect(await world.stock(sku)).toMatchObject({ onHand: 10, reserved: 0 });
    expect(await world.payment(orderId)).toMatchObject({
      status: 'captured',
      refunded: { amount: 3000 },
    });
    expect(a.provider.account(orderId)).toMatchObject({ captured: 3000, refunded: 3000 });
    expect(a.provider.counts().refunds + b.provider.counts().refunds).toBe(1);
    await eventually(
      () => Promise.resolve(a.fold.isCompleted(orderId) && b.fold.isCompleted(orderId)),
      () => Promise.resolve(`a: ${a.fold.state(orderId).stage}, b: ${b.fold.state(orderId).stage}`),
      10_000,
    );
  });
});
