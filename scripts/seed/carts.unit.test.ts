import { describe, expect, it } from 'vitest';
import {
  cartDecider,
  cartEvents,
  type CartCommand,
  type CartEvent,
} from '../../domain/cart/index.ts';
import type { Cart } from '../../domain/cart/index.ts';
import { orderEvents } from '../../domain/order/index.ts';
import { loadCarts } from '../../api/analytics/load.ts';
import { createMemoryStore } from '../../infra/readmodels/memory-store.ts';
import { analyticsCarts } from '../../projections/analytics/index.ts';
import type { ProjectedEvent } from '../../projections/projection.ts';
import { project } from '../../projections/testing/spec.ts';
import { cartCheckoutShare } from './carts.ts';
import type { SeedEvent } from './seed-event.ts';
import { seeded, testEnd } from './testing/seeded.ts';

const { events } = seeded({ orders: 3000 });
const cartStreams = Map.groupBy(
  events.filter((event) => event.stream.startsWith('cart-')),
  (event) => event.stream,
);
const isCartEvent = (event: SeedEvent['event']): event is CartEvent =>
  cartEvents.handles(event.type);
const placed = new Map(
  events.flatMap(({ event }) =>
    orderEvents.handles(event.type) && event.type === 'OrderPlaced'
      ? [[event.data.orderId, event.data] as const]
      : [],
  ),
);

/** The command a customer gave for the cart to write `event`. */
const commandOf = (event: CartEvent, at: number): CartCommand => {
  const metadata = {
    now: new Date(at),
    actor: { id: event.data.customerId, roles: ['customer' as const] },
  };
  switch (event.type) {
    case 'CartItemAdded':
      return { type: 'AddItem', data: event.data, metadata };
    case 'CartItemQuantityChanged':
      return { type: 'ChangeQuantity', data: event.data, metadata };
    case 'CartItemRemoved':
      return { type: 'RemoveItem', data: event.data, metadata };
    case 'CartCheckedOut':
      return { type: 'CheckOut', data: event.data, metadata };
  }
};

describe('the carts of a seeded history of 3,000 orders (seed 7)', () => {
  it('writes to each cart what the cart decider decides, revision after revision, in business-time order', () => {
    const differences: string[] = [];
    for (const [stream, written] of cartStreams) {
      let state: Cart = cartDecider.initialState;
      written.forEach((seededEvent, index) => {
        const { event, at, revision } = seededEvent;
        if (!isCartEvent(event)) throw new Error(`${stream}: ${event.type}`);
        const decided = cartDecider.decide(commandOf(event, at), state);
        if (JSON.stringify(decided) !== JSON.stringify([event]) || revision !== index)
          differences.push(`${stream}@${String(revision)}: ${JSON.stringify(decided)}`);
        if (index > 0 && at < (written[index - 1]?.at ?? 0))
          differences.push(`${stream}: back in time`);
        state = cartDecider.evolve(state, event);
      });
    }
    expect(differences.slice(0, 5)).toEqual([]);
    expect(cartStreams.size).toBeGreaterThan(500);
  });

  it('checks out about half the orders, each with the lines of an order its customer placed', () => {
    const checkouts = [...cartStreams.values()]
      .flat()
      .flatMap(({ event }) =>
        event.type === 'CartCheckedOut' && isCartEvent(event) ? [event.data] : [],
      );
    for (const checkout of checkouts) {
      const order = placed.get(checkout.orderId);
      expect(order?.customerId).toBe(checkout.customerId);
      expect(order?.lines.map(({ sku, quantity }) => ({ sku, quantity }))).toEqual(checkout.lines);
    }
    expect(checkouts.length / placed.size).toBeCloseTo(cartCheckoutShare, 1);
  });

  it('leaves carts abandoned: the analytics read a rate between a quarter and two thirds', async () => {
    const store = createMemoryStore();
    const collection = store.collection('analytics_carts', analyticsCarts.schema);
    await collection.ensureIndexes(analyticsCarts.indexes);
    const recorded: ProjectedEvent[] = events
      .filter(({ stream }) => stream.startsWith('cart-') || stream.startsWith('product-'))
      .map((event, index) => ({
        id: event.id,
        stream: event.stream,
        revision: event.revision ?? 0,
        position: { commit: index, prepare: index },
        recordedAt: new Date(event.at),
        event: event.event,
        metadata: {
          $correlationId: event.chain,
          $causationId: event.id,
          schemaVersion: 1,
          actor: 'seed',
          occurredAt: new Date(event.at).toISOString(),
        },
      }));
    await collection.bulkPut(
      [...project(analyticsCarts, recorded, { batch: 500 }).values()],
      'none',
    );
    const year = { from: '2025-12-08', to: '2026-12-07', compare: 'none' as const };
    const { current } = await loadCarts(collection, year, new Date(testEnd));
    expect(current.checkedOut).toBeGreaterThan(1000);
    expect(current.abandoned).toBeGreaterThan(500);
    expect(current.abandonmentRate).toBeGreaterThan(0.25);
    expect(current.abandonmentRate).toBeLessThan(2 / 3);
    expect(current.abandonedValue).toBeGreaterThan(0);
  });
});
