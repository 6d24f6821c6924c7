import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../domain/shared/prng.ts';
import { serverUrl } from '../../infra/test-servers/use-server.ts';
import { expectBalancedLedger, settledStatuses } from './int-ledger.ts';
import type { PlacedOrder } from './int-ledger.ts';
import { createWorld } from './int-support.ts';
import type { SagaWorld } from './int-support.ts';

let world: SagaWorld;
beforeAll(() => {
  world = createWorld(serverUrl('eventstore'));
});
afterAll(async () => {
  await world.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a few hundred orders at once', () => {
  it('all end terminal, with stock, payments and parcels balanced', async () => {
    const random = seededRandom(20250301);
    const [beans, mugs, scarce] = ['BEANS', 'MUG', 'SCARCE'].map(world.sku);
    if (beans === undefined || mugs === undefined || scarce === undefined)
      throw new Error('no skus');
    const restocked = new Map([
      [beans, 2000],
      [mugs, 2000],
      [scarce, 20],
    ]);
    for (const [sku, quantity] of restocked) await world.restock(sku, quantity);
    world.start();

    // Ten kinds of order, in turn: happy, declined (minor units end in 13), scarce stock,
    // cancelled at once, cancelled a little later, refused by the carrier, refused once.
    const orders: PlacedOrder[] = Array.from({ length: 300 }, (_, n) => {
      const kind = n % 10;
      const name =
        kind === 8
          ? `fail-ship-${String(n)}`
          : kind === 9
            ? `fail-ship-once-${String(n)}`
            : `o-${String(n)}`;
      // The provider declines totals whose minor units end in 13.
      if (kind === 5)
        return {
          orderId: world.orderId(name),
          lines: [{ sku: beans, quantity: 1, unitPrice: 1013 }],
        };
      const lines = [
        { sku: beans, quantity: random.int(1, 3), unitPrice: 1000 + 100 * random.int(0, 20) },
      ];
      if (kind === 6) lines.push({ sku: scarce, quantity: 3, unitPrice: 2500 });
      else if (random.next() < 0.5) lines.push({ sku: mugs, quantity: 1, unitPrice: 1250 });
      return { orderId: world.orderId(name), lines };
    });
    const cancels: Promise<boolean>[] = [];
    for (let from = 0; from < orders.length; from += 25) {
      await Promise.all(
        orders.slice(from, from + 25).map(async ({ orderId, lines }, offset) => {
          await world.place(orderId, lines);
          const kind = (from + offset) % 10;
          if (kind === 7) cancels.push(world.cancel(orderId));
          if (kind === 4) cancels.push(sleep(random.int(0, 400)).then(() => world.cancel(orderId)));
        }),
      );
    }
    await Promise.all(cancels);

    const statuses = await settledStatuses(world, orders);
    const tally = (status: string) => [...statuses.values()].filter((s) => s === status).length;
    // Every kind of ending happened.
    expect(tally('delivered')).toBeGreaterThan(100);
    expect(tally('rejected')).toBeGreaterThanOrEqual(30 + 24);
    expect(tally('cancelled')).toBeGreaterThanOrEqual(30 + 30);
    for (const { orderId } of orders.filter((_, n) => n % 10 === 9)) {
      expect(statuses.get(orderId), orderId).not.toBe('rejected');
    }
    await expectBalancedLedger(world, orders, statuses, restocked);
  }, 180_000);
});
