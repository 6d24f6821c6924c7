import { describe, expect, it } from 'vitest';
import { at, by, operator } from '../shared/fixtures.ts';
import { spec } from '../shared/spec.ts';
import type { InventoryCommand } from './commands.ts';
import { inventoryDecider } from './decide.ts';
import { InvalidLowStockThreshold } from './errors.ts';
import { inventoryEvents } from './events.ts';
import type { InventoryEvent } from './events.ts';
import { defaultLowStockThreshold, isLowStock, lowStockThreshold } from './low-stock.ts';

// One rule for "low stock", everywhere: fewer available than the sku's threshold (10 unless an
// operator set another).

const inventory = spec(inventoryDecider, inventoryEvents);
const sku = 'SKU-1';
const restocked: InventoryEvent = {
  type: 'StockRestocked',
  data: { sku, quantity: 100, restockedAt: at(0) },
};
const thresholdSet = (threshold: number, minute = 1): InventoryEvent => ({
  type: 'LowStockThresholdSet',
  data: { sku, threshold, setAt: at(minute) },
});
const setThreshold = (threshold: number): InventoryCommand => ({
  type: 'SetLowStockThreshold',
  data: { sku, threshold },
  metadata: by(operator, 5),
});

describe('the low-stock rule', () => {
  it('is fewer available than the threshold, 10 by default', () => {
    expect(defaultLowStockThreshold).toBe(10);
    expect(isLowStock(9, 10)).toBe(true);
    expect(isLowStock(10, 10)).toBe(false);
    expect(isLowStock(0, 0)).toBe(false);
  });

  it('given no threshold set, then the sku uses the default; given one set, then that one', () => {
    expect(lowStockThreshold(inventory.given([restocked]).state)).toBe(10);
    expect(lowStockThreshold(inventory.given([restocked, thresholdSet(25)]).state)).toBe(25);
  });
});

describe('SetLowStockThreshold', () => {
  it('given the default, when an operator sets 25, then it is recorded', () => {
    inventory
      .given([restocked])
      .when(setThreshold(25))
      .thenEmits([thresholdSet(25, 5)]);
  });

  it('given 25 already, when it is set to 25 again, then nothing is written', () => {
    inventory
      .given([restocked, thresholdSet(25)])
      .when(setThreshold(25))
      .thenNothing();
    inventory.given([restocked]).when(setThreshold(10)).thenNothing();
  });

  it.each([-1, 2.5, 1_000_001, Number.NaN])('refuses a threshold of %s', (threshold) => {
    inventory
      .given([restocked])
      .when(setThreshold(threshold))
      .thenThrows(InvalidLowStockThreshold, { sku, max: 1_000_000 });
  });
});
