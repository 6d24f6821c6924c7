import { describe, expect, it } from 'vitest';
import { at, orderHistory, restock } from '../testing/orders.ts';
import { deliveredTwice, interleave, record } from '../testing/recorded.ts';
import { positionFree, project } from '../testing/spec.ts';
import { inventoryLevels, isLowStock } from './index.ts';

const reserve = (sku: string, orderId: string, quantity: number, minute: number) => ({
  stream: `inventory-${sku}`,
  event: { type: 'StockReserved', data: { sku, orderId, quantity, reservedAt: at(minute) } },
  actor: 'fulfilment-saga',
  at: at(minute),
});
const release = (sku: string, orderId: string, quantity: number, minute: number) => ({
  stream: `inventory-${sku}`,
  event: { type: 'StockReleased', data: { sku, orderId, quantity, releasedAt: at(minute) } },
  actor: 'fulfilment-saga',
  at: at(minute),
});
const commit = (sku: string, orderId: string, quantity: number, minute: number) => ({
  stream: `inventory-${sku}`,
  event: { type: 'StockCommitted', data: { sku, orderId, quantity, committedAt: at(minute) } },
  actor: 'fulfilment-saga',
  at: at(minute),
});

describe('inventory_levels: given a sku’s events, then its level', () => {
  it('restocked, reserved, released and committed: on hand, reserved, available', () => {
    const events = record([
      restock('SKU-1', 100, 0),
      reserve('SKU-1', 'a', 2, 1),
      reserve('SKU-1', 'b', 3, 2),
      release('SKU-1', 'b', 3, 3),
      commit('SKU-1', 'a', 2, 4),
    ]);
    expect(project(inventoryLevels, events).get('SKU-1')).toEqual({
      _id: 'SKU-1',
      _position: expect.any(String) as unknown,
      sku: 'SKU-1',
      onHand: 98,
      reserved: 0,
      available: 98,
      lowStock: false,
      restocked: 100,
      updatedAt: at(4),
      position: events.at(-1)?.position?.commit,
    });
  });

  it('flags low stock below a fifth of what was ever restocked, or with nothing left', () => {
    const level = (...written: Parameters<typeof record>[0]) =>
      project(inventoryLevels, record(written)).get('SKU-1');
    expect(level(restock('SKU-1', 10), reserve('SKU-1', 'a', 8, 1))?.lowStock).toBe(false);
    expect(level(restock('SKU-1', 10), reserve('SKU-1', 'a', 9, 1))?.lowStock).toBe(true);
    expect([
      isLowStock(0, 0),
      isLowStock(3, 3),
      isLowStock(199, 1_000),
      isLowStock(200, 1_000),
    ]).toEqual([true, false, true, false]);
  });

  it('every event delivered twice gives the same levels', () => {
    const events = record([
      restock('SKU-1', 100),
      ...orderHistory({ orderId: 'o', outcome: 'delivered' }),
    ]);
    expect(project(inventoryLevels, deliveredTwice(events))).toEqual(
      project(inventoryLevels, events),
    );
  });

  it('forty orders interleaved leave the same levels as forty in a row', () => {
    const histories = Array.from({ length: 40 }, (_, n) =>
      orderHistory({
        orderId: `o-${n}`,
        outcome:
          (['delivered', 'declined', 'cancelled_after_confirm'] as const)[n % 3] ?? 'delivered',
      }),
    );
    const stock = [restock('SKU-1', 500), restock('SKU-2', 500)];
    const inRow = project(inventoryLevels, record([...stock, ...histories.flat()]));
    const mixed = project(inventoryLevels, record([...stock, ...interleave(histories, 3)]));
    expect(positionFree(mixed.get('SKU-1'))).toMatchObject({ onHand: 500 - 14 * 2, reserved: 0 });
    for (const sku of ['SKU-1', 'SKU-2']) {
      const { updatedAt: _a, ...level } = positionFree(mixed.get(sku)) as Record<string, unknown>;
      const { updatedAt: _b, ...expected } = positionFree(inRow.get(sku)) as Record<
        string,
        unknown
      >;
      expect(level, sku).toEqual(expected);
    }
  });
});
