import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { paymentEvents } from '../../domain/payment/events.ts';
import { fulfilmentStream, paymentStream } from '../../domain/streams.ts';
import { serverUrl } from '../../infra/test-servers/use-server.ts';
import { sagaEvents } from './events.ts';
import { expectBalancedLedger, settledStatuses } from './int-ledger.ts';
import type { PlacedOrder } from './int-ledger.ts';
import { createWorld, eventually } from './int-support.ts';
import type { SagaWorld } from './int-support.ts';

// A world (ids, runners) per test: a runner left from one test must not serve the next one.
let world: SagaWorld;
beforeEach(() => {
  world = createWorld(serverUrl('eventstore'));
});
afterEach(async () => {
  await world.close();
});

const countBy = (types: readonly string[]) => {
  const counts = new Map<string, number>();
  for (const type of types) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
};

describe('a saga runner stopped mid-way and started again', () => {
  it('picks up where it was, and nothing happens twice', async () => {
    const beans = world.sku('BEANS');
    const restocked = new Map([[beans, 1000]]);
    await world.restock(beans, 1000);
    const config = { messageTimeoutMs: 2000 };
    const first = world.start(config);
    const orders: PlacedOrder[] = Array.from({ length: 240 }, (_, n) => ({
      orderId: world.orderId(n % 6 === 5 ? `fail-ship-once-${String(n)}` : `o-${String(n)}`),
      lines: [{ sku: beans, quantity: 1 + (n % 3), unitPrice: n % 6 === 4 ? 1013 : 2000 }],
    }));
    for (const { orderId, lines } of orders) await world.place(orderId, lines);
    // Some answers are lost after the provider acted: the same key must not charge again.
    world.provider.failNext(3, 'after');

    // Counted up to 30 only: the runner is stopped as soon as that many are done.
    const completedSoFar = async (upTo = orders.length) => {
      let done = 0;
      for (const { orderId } of orders) {
        if ((await first.inspect(orderId)).stage === 'completed') done += 1;
        if (done >= upTo) break;
      }
      return done;
    };
    while ((await completedSoFar(30)) < 30) await new Promise((resolve) => setTimeout(resolve, 20));
    await world.stopLatest();
    const stoppedWith = await completedSoFar();
    expect(stoppedWith).toBeLessThan(orders.length);

    world.start(config);
    const statuses = await settledStatuses(world, orders);
    await expectBalancedLedger(world, orders, statuses, restocked);

    for (const { orderId } of orders) {
      const payment = await world.store.readStream(paymentStream(orderId), paymentEvents);
      const paid = countBy(payment.events.map((recorded) => recorded.event.type));
      expect(paid.get('PaymentCaptured') ?? 0, orderId).toBeLessThanOrEqual(1);
      expect(paid.get('PaymentAuthorized') ?? 0, orderId).toBeLessThanOrEqual(1);
      // The saga's stream holds what only it knows: refused shipments and the outcome, once.
      const saga = await world.store.readStream(fulfilmentStream(orderId), sagaEvents);
      const recorded = countBy(saga.events.map(({ event }) => event.type));
      expect(recorded.get('FulfilmentCompleted'), orderId).toBe(1);
      expect(
        [...recorded.keys()].filter((type) => type !== 'ShipmentFailed').sort(),
        orderId,
      ).toEqual(['FulfilmentCompleted']);
    }
  }, 180_000);
});

describe('a runner that stopped before sending anything', () => {
  it('leaves its inputs unacknowledged: the next runner decides them again from the log', async () => {
    const sku = world.sku('CRASH');
    const orderIds = ['crashed-1', 'crashed-2'].map((name) => world.orderId(name));
    await world.restock(sku, 5);
    for (const orderId of orderIds)
      await world.place(orderId, [{ sku, quantity: 2, unitPrice: 3000 }]);
    expect(await world.stock(sku)).toMatchObject({ reserved: 0 });

    const running = world.start();
    for (const orderId of orderIds) {
      await eventually(
        async () => (await running.inspect(orderId)).stage === 'completed',
        async () => `stage ${(await running.inspect(orderId)).stage}`,
      );
      expect((await world.order(orderId)).status).toBe('delivered');
    }
    expect(await world.stock(sku)).toMatchObject({ onHand: 1, reserved: 0 });
  });
});
