import { describe, expect, it } from 'vitest';
import { at, orderHistory, restock } from '../testing/orders.ts';
import { deliveredTwice, interleave, record } from '../testing/recorded.ts';
import { positionFree, project } from '../testing/spec.ts';
import { inventoryLevels } from './index.ts';

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
      lowStockThreshold: 10,
      restocked: 100,
      updatedAt: at(4),
      position: events.at(-1)?.position?.commit,
    });
  });

  it('given fewer than 10 available, then low stock; given a threshold an operator set, then that one', () => {
    const level = (...written: Parameters<typeof record>[0]) =>
      project(inventoryLevels, record(written)).get('SKU-1');
    expect(level(restock('SKU-1', 100), reserve('SKU-1', 'a', 90, 1))?.lowStock).toBe(false);
    expect(level(restock('SKU-1', 100), reserve('SKU-1', 'a', 91, 1))?.lowStock).toBe(true);
    const threshold = (value: number, minute: number) => ({
      stream: 'inventory-SKU-1',
      event: {
        type: 'LowStockThresholdSet',
        data: { sku: 'SKU-1', threshold: value, setAt: at(minute) },
      },
      actor: 'olga',
      at: at(minute),
    });
    expect(
      level(restock('SKU-1', 100), reserve('SKU-1', 'a', 70, 1), threshold(40, 2)),
    ).toMatchObject({ available: 30, lowStock: true, lowStockThreshold: 40 });
    expect(level(restock('SKU-1', 5), threshold(0, 2))?.lowStock).toBe(false);
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
