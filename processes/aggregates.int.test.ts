import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  inventoryDecider,
  inventoryEvents,
  inventoryStream,
  stockLevel,
  type Inventory,
  type InventoryCommand,
} from '../domain/index.ts';
import { connectEventStore, type EventStore } from '../infra/eventstore/event-store.ts';
import { silentLogger } from '../infra/logger.ts';
import { createMetrics } from '../infra/metrics.ts';
import { serverUrl } from '../infra/test-servers/use-server.ts';
import { createAggregates, type Aggregates } from './aggregates.ts';

// Two processes (say an api and a processes role), each with its own client and its own cached
// folds, selling one sku at once: the expected revision alone must keep the stock right.
let stores: EventStore[];
let processes: Aggregates[];
beforeAll(() => {
  stores = [
    connectEventStore(serverUrl('eventstore'), { clientThread: true }),
    connectEventStore(serverUrl('eventstore')),
  ];
  processes = stores.map((store) =>
    createAggregates({
      store,
      logger: silentLogger(),
      metrics: createMetrics({ defaultMetrics: false }),
    }),
  );
});
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
});

const actor = { id: 'flash-sale-test', roles: ['process'] as const };
const context = (commandId: string) => ({
  commandId,
  correlationId: commandId,
  causationId: 'test',
  actor: actor.id,
  now: new Date(),
});
const reserve = (sku: string, orderId: string): InventoryCommand => ({
  type: 'ReserveStock',
  data: { sku, orderId, quantity: 1 },
  metadata: { now: new Date(), actor },
});
const restock = (sku: string, quantity: number): InventoryCommand => ({
  type: 'Restock',
  data: { sku, quantity },
  metadata: { now: new Date(), actor },
});
const inventoryOf = (index: number) => {
  const found = processes[index % 2];
  if (found === undefined) throw new Error('two processes expected');
  return found.inventory;
};

describe('a flash sale sold by two processes at once', () => {
  it('reserves exactly the stock there is, never below zero, and each order once', async () => {
    const sku = `FLASH-${randomUUID()}`;
    const stream = inventoryStream(sku);
    // Both processes have the stream cached before the sale starts.
    await inventoryOf(0).handle(stream, restock(sku, 30), context(`restock-a-${sku}`));
    await inventoryOf(1).handle(stream, restock(sku, 20), context(`restock-b-${sku}`));

    const buyers = Array.from({ length: 300 }, (_, i) => `order-${i}`);
    const sale = (orders: readonly string[], shift: number) =>
      Promise.all(
        orders.map((orderId, i) =>
          inventoryOf(i + shift).handle(
            stream,
            reserve(sku, orderId),
            context(`${sku}-${orderId}`),
          ),
        ),
      );
    const first = await Promise.all([sale(buyers.slice(0, 150), 0), sale(buyers.slice(150), 1)]);
    // Every command sent again, to the other process this time (a redelivery).
    const again = await sale(buyers, 1);

    const outcomes = first.flat().map((result) => result.events[0]?.type);
    expect(outcomes.filter((type) => type === 'StockReserved')).toHaveLength(50);
    expect(outcomes.filter((type) => type === 'StockReservationRejected')).toHaveLength(250);
    // A repeat comes back as done; or, when the other process appended these very command ids at
    // the very revision this one's fold was at, the server takes the append as a retry and keeps
    // nothing new (so it reads as appended): either way, the first outcome stands.
    again.forEach((result, i) => {
      if (!result.alreadyHandled) expect(result.events[0]?.type).toBe(outcomes[i]);
    });

    const { events } = (await stores[1]?.readStream(stream, inventoryEvents)) ?? { events: [] };
    let state: Inventory = inventoryDecider.initialState;
    let lowest = Number.POSITIVE_INFINITY;
    for (const { event } of events) {
      state = inventoryDecider.evolve(state, event);
      lowest = Math.min(lowest, stockLevel(sku, state).available);
    }
    expect(events).toHaveLength(302);
    expect(lowest).toBe(0);
    expect(stockLevel(sku, state)).toMatchObject({ onHand: 50, reserved: 50, available: 0 });
    const reservedFor = events.flatMap(({ event }) =>
      event.type === 'StockReserved' ? [event.data.orderId] : [],
    );
    expect(new Set(reservedFor).size).toBe(50);
  });
});
