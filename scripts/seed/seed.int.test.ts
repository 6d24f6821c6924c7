import { EventStoreDBClient, FORWARDS, START } from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { orderDecider, orderEvents } from '../../domain/order/index.ts';
import type { Order } from '../../domain/order/state.ts';
import { createEventStore } from '../../infra/eventstore/event-store.ts';
import type { EventStore } from '../../infra/eventstore/event-store.ts';
import { serverUrl } from '../../infra/test-servers/use-server.ts';
import { loadFulfilment } from '../../processes/fulfilment/load.ts';
import { seedHistory } from './history.ts';
import { testEnd } from './testing/seeded.ts';
import { writeHistory } from './writer.ts';

// ~2,000 orders written as `npm run seed` writes them, into the harness's event store, then read
// back as the product reads them: each order stream folded by the Order decider, each order's
// workflow folded by the saga from `$bc-{orderId}` (log order), and `$all` per order in time order.

const correlated = z.object({ $correlationId: z.string(), occurredAt: z.string() });

const seed = 1_000 + (Date.now() % 1_000_000);
const skuPrefix = `seed${String(seed)}-`;
let store: EventStore;
let written: { events: number; appends: number };
const orderIds: string[] = [];
const outcomes = new Map<string, string>();

beforeAll(async () => {
  store = createEventStore(EventStoreDBClient.connectionString(serverUrl('eventstore')));
  const history = seedHistory({
    orders: 2_000,
    days: 120,
    seed,
    fraud: true,
    end: testEnd,
    products: 200,
    skuPrefix,
  });
  const remembered = (function* () {
    for (const event of history) {
      if (event.event.type === 'OrderPlaced') orderIds.push(event.event.data.orderId);
      if (event.event.type === 'FulfilmentCompleted')
        outcomes.set(String(event.metadata.$correlationId), event.event.data.outcome);
      yield event;
    }
  })();
  written = await writeHistory(remembered, { store, chunkSize: 5_000 });
}, 300_000);
afterAll(async () => {
  await store.close();
});

const readOrder = async (orderId: string): Promise<Order> => {
  const { events } = await store.readStream(`order-${orderId}`, orderEvents);
  return events.reduce(
    (state, recorded) => orderDecider.evolve(state, recorded.event),
    orderDecider.initialState,
  );
};

describe('npm run seed into an event store', () => {
  it('appends every event, in fewer appends than events', () => {
    expect(orderIds).toHaveLength(2_000);
    expect(written.events).toBeGreaterThan(18_000);
    expect(written.appends).toBeLessThan(written.events);
  });

  it('leaves order streams the Order decider folds into S4 shares of states', async () => {
    const statuses = new Map<string, number>();
    for (const orderId of orderIds) {
      const { status } = await readOrder(orderId);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    const share = (status: string) => (statuses.get(status) ?? 0) / orderIds.length;
    expect(share('delivered')).toBeCloseTo(0.58, 1);
    expect(share('shipped')).toBeCloseTo(0.16, 1);
    expect(share('placed')).toBeCloseTo(0.1, 1);
    expect(share('cancelled')).toBeCloseTo(0.1, 1);
    expect(share('rejected')).toBeCloseTo(0.06, 1);
  }, 120_000);

  it('lets the saga fold each order from $bc- in log order to where its story ended', async () => {
    for (const orderId of orderIds.slice(0, 150)) {
      const fulfilment = await loadFulfilment(store.client, orderId);
      const outcome = outcomes.get(orderId);
      if (outcome === undefined) expect(fulfilment.stage).toBe('running');
      else expect(fulfilment).toMatchObject({ stage: 'completed', outcome });
    }
  }, 120_000);

  it("keeps each order in $all in business-time order, as $bc- and the saga's fold read it", async () => {
    const lastAt = new Map<string, string>();
    let outOfOrder = 0;
    let read = 0;
    const mine = new Set(orderIds);
    for await (const resolved of store.client.readAll({
      direction: FORWARDS,
      fromPosition: START,
    })) {
      const parsed = correlated.safeParse(resolved.event?.metadata);
      if (!parsed.success || !mine.has(parsed.data.$correlationId)) continue;
      const { $correlationId: correlation, occurredAt: at } = parsed.data;
      if ((lastAt.get(correlation) ?? '') > at) outOfOrder += 1;
      lastAt.set(correlation, at);
      read += 1;
    }
    expect(read).toBeGreaterThan(15_000);
    expect(outOfOrder).toBe(0);
  }, 120_000);
});
