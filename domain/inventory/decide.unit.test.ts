import { describe, expect, it } from 'vitest';
import { by, at, operator, saga } from '../shared/fixtures.ts';
import { spec } from '../shared/spec.ts';
import { inventoryDecider } from './decide.ts';
import { InvalidStockQuantity, NothingReserved } from './errors.ts';
import { inventoryEvents } from './events.ts';
import type { InventoryEvent } from './events.ts';
import type { InventoryCommand } from './commands.ts';
import { stockLevel } from './state.ts';

const inventory = spec(inventoryDecider, inventoryEvents);
const sku = 'SKU-1';

const restocked = (quantity: number): InventoryEvent => ({
  type: 'StockRestocked',
  data: { sku, quantity, restockedAt: at(0) },
});
const reserved = (orderId: string, quantity: number): InventoryEvent => ({
  type: 'StockReserved',
  data: { sku, orderId, quantity, reservedAt: at(1) },
});
const released = (orderId: string, quantity: number): InventoryEvent => ({
  type: 'StockReleased',
  data: { sku, orderId, quantity, releasedAt: at(2) },
});
const committed = (orderId: string, quantity: number): InventoryEvent => ({
  type: 'StockCommitted',
  data: { sku, orderId, quantity, committedAt: at(2) },
});

const restock = (quantity: number): InventoryCommand => ({
  type: 'Restock',
  data: { sku, quantity },
  metadata: by(operator, 5),
});
const reserve = (orderId: string, quantity: number): InventoryCommand => ({
  type: 'ReserveStock',
  data: { sku, orderId, quantity },
  metadata: by(saga, 5),
});
const release = (orderId: string): InventoryCommand => ({
  type: 'ReleaseStock',
  data: { sku, orderId },
  metadata: by(saga, 5),
});
const commit = (orderId: string): InventoryCommand => ({
  type: 'CommitStock',
  data: { sku, orderId },
  metadata: by(saga, 5),
});

describe('Restock', () => {
  it('adds to the stock on hand, tracking a new sku from its first restock', () => {
    inventory
      .given([])
      .when(restock(1_000_000))
      .thenEmits([
        { type: 'StockRestocked', data: { sku, quantity: 1_000_000, restockedAt: at(5) } },
      ]);
    const { state } = inventory.given([restocked(10), restocked(5)]);
    expect(stockLevel(sku, state)).toMatchObject({ onHand: 15, reserved: 0, available: 15 });
  });

  it.each([0, -3, 2.5, 1_000_001, Number.NaN])('refuses a quantity of %s', (quantity) => {
    inventory
      .given([restocked(10)])
      .when(restock(quantity))
      .thenThrows(InvalidStockQuantity, { sku, max: 1_000_000 });
  });
});

describe('ReserveStock', () => {
  it('reserves when enough is available, down to the last unit', () => {
    inventory
      .given([restocked(10), reserved('ord-1', 4)])
      .when(reserve('ord-2', 6))
      .thenEmits([
        { type: 'StockReserved', data: { sku, orderId: 'ord-2', quantity: 6, reservedAt: at(5) } },
      ]);
  });

  it('rejects, without an error, when others’ reservations leave too little', () => {
    inventory
      .given([restocked(10), reserved('ord-1', 4)])
      .when(reserve('ord-2', 7))
      .thenEmits([
        {
          type: 'StockReservationRejected',
          data: { sku, orderId: 'ord-2', requested: 7, available: 6, rejectedAt: at(5) },
        },
      ]);
  });

  it('rejects a sku that was never stocked', () => {
    inventory
      .given([])
      .when(reserve('ord-1', 1))
      .thenEmits([
        {
          type: 'StockReservationRejected',
          data: { sku, orderId: 'ord-1', requested: 1, available: 0, rejectedAt: at(5) },
        },
      ]);
  });

  it('holds one reservation per order: a repeat does nothing, whatever its quantity', () => {
    inventory
      .given([restocked(10), reserved('ord-1', 4)])
      .when(reserve('ord-1', 4))
      .thenNothing();
    inventory
      .given([restocked(10), reserved('ord-1', 4)])
      .when(reserve('ord-1', 2))
      .thenNothing();
  });

  it('does nothing once the order’s stock was committed', () => {
    inventory
      .given([restocked(10), reserved('ord-1', 4), committed('ord-1', 4)])
      .when(reserve('ord-1', 4))
      .thenNothing();
  });

  it('reserves again after the order released its stock', () => {
    inventory
      .given([restocked(10), reserved('ord-1', 4), released('ord-1', 4)])
      .when(reserve('ord-1', 4))
      .thenEmits([
        { type: 'StockReserved', data: { sku, orderId: 'ord-1', quantity: 4, reservedAt: at(5) } },
      ]);
  });

  it.each([0, -1, 1.5])('refuses a quantity of %s', (quantity) => {
    inventory
      .given([restocked(10)])
      .when(reserve('ord-1', quantity))
      .thenThrows(InvalidStockQuantity);
  });
});

describe('ReleaseStock', () => {
  it('releases exactly what the order holds', () => {
    const history = [restocked(10), reserved('ord-1', 4), reserved('ord-2', 3)];
    inventory
      .given(history)
      .when(release('ord-1'))
      .thenEmits([
        { type: 'StockReleased', data: { sku, orderId: 'ord-1', quantity: 4, releasedAt: at(5) } },
      ]);
    const { state } = inventory.given([...history, released('ord-1', 4)]);
    expect(stockLevel(sku, state)).toMatchObject({ onHand: 10, reserved: 3, available: 7 });
  });

  it('does nothing when the order holds nothing: releasing twice is harmless', () => {
    inventory
      .given([restocked(10)])
      .when(release('ord-1'))
      .thenNothing();
    inventory
      .given([restocked(10), reserved('ord-1', 4), released('ord-1', 4)])
      .when(release('ord-1'))
      .thenNothing();
    inventory.given([]).when(release('ord-1')).thenNothing();
  });

  it('does nothing once the stock was committed (it has shipped)', () => {
    inventory
      .given([restocked(10), reserved('ord-1', 4), committed('ord-1', 4)])
      .when(release('ord-1'))
      .thenNothing();
  });
});

describe('CommitStock', () => {
  it('commits the reservation: stock on hand and reserved both drop by its quantity', () => {
    const history = [restocked(10), reserved('ord-1', 4), reserved('ord-2', 3)];
    inventory
      .given(history)
      .when(commit('ord-1'))
      .thenEmits([
        {
          type: 'StockCommitted',
          data: { sku, orderId: 'ord-1', quantity: 4, committedAt: at(5) },
        },
      ]);
    const { state } = inventory.given([...history, committed('ord-1', 4)]);
    expect(stockLevel(sku, state)).toMatchObject({ onHand: 6, reserved: 3, available: 3 });
  });

  it('does nothing when already committed', () => {
    inventory
      .given([restocked(10), reserved('ord-1', 4), committed('ord-1', 4)])
      .when(commit('ord-1'))
      .thenNothing();
  });

  it('refuses when the order holds no reservation', () => {
    inventory
      .given([restocked(10)])
      .when(commit('ord-1'))
      .thenThrows(NothingReserved, {
        sku,
        orderId: 'ord-1',
      });
    inventory
      .given([restocked(10), reserved('ord-1', 4), released('ord-1', 4)])
      .when(commit('ord-1'))
      .thenThrows(NothingReserved);
  });
});
