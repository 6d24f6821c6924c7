import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serverUrl } from '../../infra/test-servers/use-server.ts';
import { manualClock } from '../ports/clock.ts';
import { createWorld, eventually } from './int-support.ts';
import type { SagaWorld } from './int-support.ts';

const clock = manualClock(new Date('2025-03-01T10:00:00Z'));
// A world (ids, runners) per test: a runner left from one test must not serve the next one.
let world: SagaWorld;
beforeEach(() => {
  world = createWorld(serverUrl('eventstore'), clock);
});
afterEach(async () => {
  await world.close();
});

describe('durable timers on a clock the test moves', () => {
  it('survive a restart, and fire only once they are due', async () => {
    const sku = world.sku('KETTLE');
    await world.restock(sku, 9);
    const config = { paymentDeclineGraceMs: 60_000, timerIntervalMs: 0 };
    const first = world.start(config);
    // Totals ending in 13 are always declined: each order waits out its grace period.
    const orders = ['a', 'b', 'c'].map((name) => world.orderId(`declined-${name}`));
    for (const orderId of orders)
      await world.place(orderId, [{ sku, quantity: 1, unitPrice: 1013 }]);
    const graceTimers = (running: typeof first) =>
      running.pendingTimers().filter((timer) => timer.purpose === 'payment_decline_grace');
    await eventually(
      () => Promise.resolve(graceTimers(first).length === 3),
      () => Promise.resolve(JSON.stringify(first.pendingTimers())),
    );
    expect((await world.stock(sku)).reserved).toBe(3);

    await world.stopLatest();
    const second = world.start(config);
    await eventually(
      () => Promise.resolve(graceTimers(second).length === 3),
      () => Promise.resolve(JSON.stringify(second.pendingTimers())),
    );
    expect(await second.tick()).toBe(0);
    clock.advance(59_999);
    expect(await second.tick()).toBe(0);
    clock.advance(1);
    expect(await second.tick()).toBe(3);
    expect(await second.tick()).toBe(0);

    for (const orderId of orders) {
      await eventually(
        async () => (await second.inspect(orderId)).stage === 'completed',
        async () => (await second.inspect(orderId)).stage,
      );
      expect(await world.order(orderId)).toMatchObject({
        status: 'rejected',
        reason: 'payment_declined',
        detail: 'card_declined',
      });
    }
    expect(await world.stock(sku)).toMatchObject({ onHand: 9, reserved: 0 });
    // The rejected orders imply no timer any more; nothing is left to fire.
    clock.advance(60 * 60_000);
    expect(await second.tick()).toBe(0);
  });
});

describe('an input that keeps failing', () => {
  it('is parked after its retries and reported; an operator’s retry then carries the order on', async () => {
    const sku = world.sku('SCALE');
    const orderId = world.orderId('stuck-payment');
    await world.restock(sku, 4);
    const parked: string[] = [];
    const running = world.start({ maxRetryCount: 2 }, (event) => {
      parked.push(event.type);
      return Promise.resolve();
    });
    world.provider.failNext(1000);
    await world.place(orderId, [{ sku, quantity: 1, unitPrice: 2999 }]);
    await eventually(
      () => Promise.resolve(parked.length > 0),
      async () => `nothing parked; stage ${(await running.inspect(orderId)).stage}`,
    );
    // The last reservation asked for the payment: that is the input that could not be done.
    expect(parked).toEqual(['StockReserved']);
    expect((await running.inspect(orderId)).stage).toBe('awaiting_payment');

    world.provider.clearFailures();
    await running.requestRetry(orderId, 'payment', { id: 'op-2', roles: ['operator'] });
    await eventually(
      async () => (await running.inspect(orderId)).stage === 'completed',
      async () => (await running.inspect(orderId)).stage,
    );
    expect((await world.order(orderId)).status).toBe('delivered');
  });
});
