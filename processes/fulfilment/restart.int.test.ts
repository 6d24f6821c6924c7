import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { paymentEvents } from '../../domain/payment/events.ts';
import { fulfilmentStream, orderStream, paymentStream } from '../../domain/streams.ts';
import { silentLogger } from '../../infra/logger.ts';
import { systemClock } from '../ports/clock.ts';
import type { Dispatcher } from './dispatch.ts';
import { createInputHandler } from './handler.ts';
import { inputCodec } from './inputs.ts';
import { defaultPolicy } from './policy.ts';
import { createSagaCommandHandler } from './saga-handler.ts';
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
    const orders: PlacedOrder[] = Array.from({ length: 120 }, (_, n) => ({
      orderId: world.orderId(n % 6 === 5 ? `fail-ship-once-${String(n)}` : `o-${String(n)}`),
      lines: [{ sku: beans, quantity: 1 + (n % 3), unitPrice: n % 6 === 4 ? 1013 : 2000 }],
    }));
    for (const { orderId, lines } of orders) await world.place(orderId, lines);
    // Some answers are lost after the provider acted: the same key must not charge again.
    world.provider.failNext(3, 'after');

    const completedSoFar = async () => {
      let done = 0;
      for (const { orderId } of orders)
        if ((await first.inspect(orderId)).stage === 'completed') done += 1;
      return done;
    };
    while ((await completedSoFar()) < 30) await new Promise((resolve) => setTimeout(resolve, 50));
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
      const saga = await world.store.readStream(fulfilmentStream(orderId), sagaEvents);
      const inputs = saga.events.flatMap((recorded) =>
        'inputId' in recorded.event.data ? [recorded.event.data.inputId] : [],
      );
      expect(new Set(inputs).size, `${orderId} observed an input twice`).toBe(inputs.length);
    }
  }, 180_000);
});

describe('a crash between the saga’s append and its dispatch', () => {
  it('is made good on redelivery: the recorded decisions are dispatched then', async () => {
    const sku = world.sku('CRASH');
    const orderId = world.orderId('crashed-1');
    await world.restock(sku, 5);
    await world.place(orderId, [{ sku, quantity: 2, unitPrice: 3000 }]);

    // What a runner does up to its crash: the decisions are in the saga's stream, none sent.
    const { store, metrics } = world;
    const logger = silentLogger();
    const saga = createSagaCommandHandler({ store, policy: defaultPolicy, logger, metrics });
    const notSent: Dispatcher = { dispatch: () => Promise.reject(new Error('crashed')) };
    const half = createInputHandler({
      store,
      saga,
      dispatcher: notSent,
      clock: systemClock,
      logger,
      metrics,
    });
    const [placed] = (await store.readStream(orderStream(orderId), inputCodec)).events;
    if (placed === undefined) throw new Error('the order was not placed');
    const observed = await half.observeInput(placed);
    expect(observed?.decisions.map((decision) => decision.event.type)).toContain(
      'StockReservationRequested',
    );
    expect(await world.stock(sku)).toMatchObject({ reserved: 0 });

    const running = world.start();
    await eventually(
      async () => (await running.inspect(orderId)).stage === 'completed',
      async () => `stage ${(await running.inspect(orderId)).stage}`,
    );
    expect((await world.order(orderId)).status).toBe('delivered');
    expect(await world.stock(sku)).toMatchObject({ onHand: 3, reserved: 0 });
    const { events } = await store.readStream(fulfilmentStream(orderId), sagaEvents);
    expect(events.filter((recorded) => recorded.event.type === 'FulfilmentStarted')).toHaveLength(
      1,
    );
  });
});
