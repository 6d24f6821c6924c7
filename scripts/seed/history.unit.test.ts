import { describe, expect, it } from 'vitest';
import { inventoryDecider, inventoryEvents } from '../../domain/inventory/index.ts';
import type { InventoryEvent } from '../../domain/inventory/index.ts';
import type { Inventory } from '../../domain/inventory/state.ts';
import { orderDecider, orderEvents } from '../../domain/order/index.ts';
import type { OrderEvent } from '../../domain/order/index.ts';
import type { Order } from '../../domain/order/state.ts';
import { evolve as evolveSaga } from '../../processes/fulfilment/evolve.ts';
import { initialState as unstarted } from '../../processes/fulfilment/state.ts';
import type { Fulfilment } from '../../processes/fulfilment/state.ts';
import { fraudPatterns } from './fraud.ts';
import { byOrder, seeded, testEnd } from './testing/seeded.ts';
import { isWorkflowEvent, replayOrder } from './testing/live-replay.ts';
import type { SeededEvent } from './seed-event.ts';

const isInventoryEvent = (event: SeededEvent): event is InventoryEvent =>
  inventoryEvents.handles(event.type);
const isOrderEvent = (event: SeededEvent): event is OrderEvent => orderEvents.handles(event.type);

const { events, labels } = seeded({ orders: 3000, fraud: true });
const orders = byOrder(events);

const share = (count: number, total: number) => count / total;

describe('a seeded history of 3,000 orders (seed 7)', () => {
  it('writes for every order what the deciders and the saga decide, with the same ids and causes', () => {
    const differences: string[] = [];
    let compared = 0;
    for (const story of orders.values()) {
      const { produced, causes } = replayOrder(story, testEnd);
      for (const event of story) {
        const commandId = String(event.metadata.commandId);
        const made = produced.get(commandId)?.find((each) => each.id === event.id);
        const cause = causes.get(commandId);
        if (
          made?.stream !== event.stream ||
          JSON.stringify(made.event) !== JSON.stringify(event.event) ||
          (cause !== undefined && cause !== event.metadata.$causationId)
        ) {
          differences.push(`${event.event.type} ${event.id}: ${JSON.stringify(made)}`);
        }
        compared += 1;
      }
      // Nothing the live system would have written is missing.
      const written = new Set(story.map((event) => event.id));
      for (const made of [...produced.values()].flat()) {
        if (!written.has(made.id)) differences.push(`missing ${made.event.type} ${made.id}`);
      }
    }
    expect(differences.slice(0, 5)).toEqual([]);
    expect(compared).toBeGreaterThan(25_000);
  }, 120_000);

  it('ends with S4 shares of order states as the Order decider and the saga fold them', () => {
    const statuses = new Map<string, number>();
    let completedAsTheOrder = 0;
    for (const story of orders.values()) {
      let order: Order = orderDecider.initialState;
      let saga: Fulfilment = unstarted;
      for (const { event, id, at } of story) {
        if (isOrderEvent(event)) order = orderDecider.evolve(order, event);
        if (isWorkflowEvent(event)) {
          saga = evolveSaga(saga, { kind: 'event', id, at: new Date(at).toISOString(), event });
        }
      }
      statuses.set(order.status, (statuses.get(order.status) ?? 0) + 1);
      const terminal = ['delivered', 'cancelled', 'rejected'].includes(order.status);
      if ((saga.stage === 'completed') === terminal) completedAsTheOrder += 1;
    }
    const total = orders.size;
    expect(completedAsTheOrder).toBe(total);
    // Orders placed in the last days have not been delivered yet: a few points from delivered
    // move to in transit.
    expect(share(statuses.get('delivered') ?? 0, total)).toBeCloseTo(0.58, 1);
    expect(share(statuses.get('shipped') ?? 0, total)).toBeCloseTo(0.16, 1);
    expect(share(statuses.get('placed') ?? 0, total)).toBeCloseTo(0.1, 1);
    expect(share(statuses.get('cancelled') ?? 0, total)).toBeCloseTo(0.1, 1);
    expect(share(statuses.get('rejected') ?? 0, total)).toBeCloseTo(0.06, 1);
  });
});

describe('the stock of a seeded history', () => {
  const stocks = new Map<string, Inventory>();
  let short = 0;
  for (const { event } of events) {
    if (!isInventoryEvent(event)) continue;
    const { sku } = event.data;
    const next = inventoryDecider.evolve(stocks.get(sku) ?? inventoryDecider.initialState, event);
    if (next.status === 'tracked' && next.onHand < next.reserved) short += 1;
    stocks.set(sku, next);
  }

  it('never reserves stock that is not there, so the Inventory decider would have granted each', () => {
    expect(short).toBe(0);
  });

  it('ends near S4 stock shares: 70 % in stock, 20 % low (1–10), 10 % out', () => {
    // A sku never stocked (an 'out' one nobody ordered early enough) has no inventory stream.
    const skus = events.flatMap(({ event }) =>
      event.type === 'ProductAdded' ? [event.data.sku] : [],
    );
    const levels = skus.map((sku) => {
      const stock = stocks.get(sku);
      return stock?.status === 'tracked' ? stock.onHand - stock.reserved : 0;
    });
    const total = levels.length;
    expect(total).toBe(1000);
    expect(share(levels.filter((level) => level > 10).length, total)).toBeCloseTo(0.7, 1);
    expect(share(levels.filter((level) => level >= 1 && level <= 10).length, total)).toBeCloseTo(
      0.2,
      1,
    );
    expect(share(levels.filter((level) => level === 0).length, total)).toBeCloseTo(0.1, 1);
  });
});

describe('fraud injected with --fraud', () => {
  const placed = new Map(
    events.flatMap(({ event }) =>
      event.type === 'OrderPlaced' ? [[event.data.orderId, event.data]] : [],
    ),
  );

  it('labels orders of every S4 pattern, each an order the history holds', () => {
    expect(new Set(labels.map((label) => label.pattern))).toEqual(new Set(fraudPatterns));
    for (const label of labels)
      expect(placed.get(label.orderId)?.customerId).toBe(label.customerId);
    expect(share(labels.length, placed.size)).toBeGreaterThan(0.005);
  });

  it('shows in the events only as behaviour: bursts, high values, spikes, night orders, declines', () => {
    const text = JSON.stringify(events.slice(0, 20_000));
    for (const pattern of fraudPatterns) expect(text).not.toContain(pattern);
    const valueOf = (orderId: string) => placed.get(orderId)?.total.amount ?? 0;
    const highValue = labels.filter((label) => label.pattern === 'new_account_high_value');
    for (const label of highValue) expect(valueOf(label.orderId)).toBeGreaterThan(30_000);
    const night = labels.filter((label) => label.pattern === 'unusual_hour');
    for (const label of night) expect(new Date(label.placedAt).getUTCHours()).toBeLessThan(6);
    const spikes = labels.filter((label) => label.pattern === 'quantity_spike');
    for (const label of spikes) {
      expect(placed.get(label.orderId)?.lines[0]?.quantity).toBeGreaterThanOrEqual(10);
    }
    const declined = new Set(
      events.flatMap(({ event }) => (event.type === 'PaymentDeclined' ? [event.data.orderId] : [])),
    );
    const declines = labels.filter((label) => label.pattern === 'repeated_declines');
    for (const label of declines) {
      expect(declined.has(label.orderId) || Date.parse(label.placedAt) > testEnd - 60_000).toBe(
        true,
      );
    }
  });
});

describe('the shape of the seeded orders (S4)', () => {
  const placed = events.flatMap(({ event, at }) =>
    event.type === 'OrderPlaced' ? [{ ...event.data, at }] : [],
  );
  const ordinary = placed.filter(
    (order) => !labels.some((label) => label.orderId === order.orderId),
  );

  it('averages about 75 EUR and 2.5 items an order, with a long tail of dear ones', () => {
    const values = ordinary.map((order) => order.total.amount / 100).sort((a, b) => a - b);
    const average = values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(average).toBeGreaterThan(60);
    expect(average).toBeLessThan(95);
    expect(values[Math.floor(values.length * 0.99)]).toBeGreaterThan(
      3 * (values[values.length >> 1] ?? 0),
    );
    const items = ordinary.map((order) =>
      order.lines.reduce((sum, line) => sum + line.quantity, 0),
    );
    expect(items.reduce((sum, count) => sum + count, 0) / items.length).toBeCloseTo(2.5, 0);
    for (const order of placed) for (const line of order.lines) expect(line.category).toBeDefined();
  });

  it('peaks in the evening and around Black Friday', () => {
    const hour = (at: number) => new Date(at).getUTCHours();
    const evening = ordinary.filter((order) => hour(order.at) >= 18 && hour(order.at) < 22).length;
    const night = ordinary.filter((order) => hour(order.at) >= 2 && hour(order.at) < 6).length;
    expect(evening).toBeGreaterThan(8 * night);
    const dayOf = (at: number) => new Date(at).toISOString().slice(0, 10);
    const perDay = new Map<string, number>();
    for (const order of placed) perDay.set(dayOf(order.at), (perDay.get(dayOf(order.at)) ?? 0) + 1);
    const blackFriday = (perDay.get('2026-11-27') ?? 0) + (perDay.get('2025-11-28') ?? 0);
    const typical = [...perDay.values()].sort((a, b) => a - b)[perDay.size >> 1] ?? 0;
    expect(blackFriday).toBeGreaterThan(2 * typical);
  });

  it('is the same history for the same seed, and another for another', () => {
    const ids = (seed: number) => seeded({ orders: 200, seed }).events.map((event) => event.id);
    expect(ids(11)).toEqual(ids(11));
    expect(ids(11)).not.toEqual(ids(12));
  });

  it('back-dates business time only: nothing happens after the end of the period', () => {
    expect(Math.max(...events.map((event) => event.at))).toBeLessThanOrEqual(testEnd);
    expect(
      events.every((event) => event.metadata.occurredAt === new Date(event.at).toISOString()),
    ).toBe(true);
  });
});
