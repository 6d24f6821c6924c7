import { describe, expect, it } from 'vitest';
import { by, operator, saga } from '../shared/fixtures.ts';
import { seededRandom } from '../shared/prng.ts';
import type { Random } from '../shared/prng.ts';
import { inventoryDecider } from './decide.ts';
import { NothingReserved } from './errors.ts';
import type { InventoryCommand } from './commands.ts';
import { isOrderStockEvent, type InventoryEvent } from './events.ts';
import { stockLevel } from './state.ts';
import type { Inventory } from './state.ts';

const sku = 'SKU-1';
const orders = ['ord-1', 'ord-2', 'ord-3', 'ord-4', 'ord-5'] as const;

const randomCommand = (random: Random, step: number): InventoryCommand => {
  const orderId = random.pick(orders);
  const metadata = by(random.next() < 0.2 ? operator : saga, step);
  switch (random.pick(['restock', 'reserve', 'reserve', 'release', 'commit'] as const)) {
    case 'restock':
      return { type: 'Restock', data: { sku, quantity: random.int(1, 8) }, metadata };
    case 'reserve':
      return { type: 'ReserveStock', data: { sku, orderId, quantity: random.int(1, 6) }, metadata };
    case 'release':
      return { type: 'ReleaseStock', data: { sku, orderId }, metadata };
    case 'commit':
      return { type: 'CommitStock', data: { sku, orderId }, metadata };
  }
};

/** What the events add up to, kept alongside the fold to check the state against. */
type Ledger = {
  restocked: number;
  committed: number;
  open: Map<string, number>;
  shipped: Set<string>;
};

const record = (ledger: Ledger, event: InventoryEvent): void => {
  if (event.type === 'StockRestocked') ledger.restocked += event.data.quantity;
  if (event.type === 'StockReservationRejected' || !isOrderStockEvent(event)) return;
  const { orderId } = event.data;
  const open = ledger.open.get(orderId) ?? 0;
  // One reservation per order and sku: never two open at once, never one after its commit.
  if (event.type === 'StockReserved') {
    expect(open, `${orderId} reserves twice`).toBe(0);
    expect(ledger.shipped.has(orderId), `${orderId} reserves after its commit`).toBe(false);
  } else {
    expect(open, `${orderId} has nothing to ${event.type}`).toBe(1);
  }
  ledger.open.set(orderId, event.type === 'StockReserved' ? 1 : 0);
  if (event.type === 'StockCommitted') {
    ledger.committed += event.data.quantity;
    ledger.shipped.add(orderId);
  }
};

const checkInvariants = (state: Inventory, ledger: Ledger): void => {
  const level = stockLevel(sku, state);
  expect(level.reserved).toBeGreaterThanOrEqual(0);
  expect(level.reserved).toBeLessThanOrEqual(level.onHand);
  expect(level.available).toBeGreaterThanOrEqual(0);
  expect(level.reserved).toBe(Object.values(level.reservations).reduce((a, b) => a + b, 0));
  expect(level.onHand).toBe(ledger.restocked - ledger.committed);
};

/** Runs one random sequence, checking the invariants after every decision. */
const run = (seed: number): InventoryEvent[] => {
  const random = seededRandom(seed);
  let state = inventoryDecider.initialState;
  const history: InventoryEvent[] = [];
  const ledger: Ledger = { restocked: 0, committed: 0, open: new Map(), shipped: new Set() };
  for (let step = 0; step < 150; step += 1) {
    const command = randomCommand(random, step);
    let events: InventoryEvent[];
    try {
      events = inventoryDecider.decide(command, state);
    } catch (error) {
      // The only refusal a well-formed command can meet: committing what is not reserved.
      expect(error).toBeInstanceOf(NothingReserved);
      expect(command.type).toBe('CommitStock');
      continue;
    }
    expect(events.length).toBeLessThanOrEqual(1);
    for (const event of events) {
      history.push(event);
      record(ledger, event);
      state = inventoryDecider.evolve(state, event);
    }
    checkInvariants(state, ledger);
  }
  return history;
};

const seeds = Array.from({ length: 40 }, (_, i) => 1000 + i);

describe('inventory invariants over random command sequences', () => {
  it.each(seeds)('hold for seed %i', (seed) => {
    run(seed);
  });

  it('reach every kind of event across the seeds, so the invariants are exercised', () => {
    const seen = new Set(seeds.flatMap((seed) => run(seed).map((e) => e.type)));
    expect([...seen].sort()).toEqual([
      'StockCommitted',
      'StockReleased',
      'StockReservationRejected',
      'StockReserved',
      'StockRestocked',
    ]);
  });
});

describe('folding', () => {
  it('folds a long stream in linear time (a popular sku)', () => {
    const events: InventoryEvent[] = [
      {
        type: 'StockRestocked',
        data: { sku, quantity: 1_000_000, restockedAt: by(saga, 0).now.toISOString() },
      },
    ];
    for (let i = 0; i < 50_000; i += 1) {
      const orderId = `ord-${i}`;
      const common = { sku, orderId, quantity: 1 };
      events.push({
        type: 'StockReserved',
        data: { ...common, reservedAt: '2025-03-01T10:00:00.000Z' },
      });
      events.push({
        type: 'StockCommitted',
        data: { ...common, committedAt: '2025-03-01T10:00:00.000Z' },
      });
    }
    const started = performance.now();
    const state = events.reduce(inventoryDecider.evolve, inventoryDecider.initialState);
    const elapsed = performance.now() - started;
    expect(stockLevel(sku, state)).toMatchObject({ onHand: 950_000, reserved: 0 });
    // Measured: linear folding takes ~0.3 s here; copying the committed ids on every event
    // (quadratic) took 27 s. The bound leaves a busy CI machine plenty of room.
    expect(elapsed).toBeLessThan(2000);
  });
});
