import type { Inventory } from './state.ts';

/** S4's "< 10 units": the threshold of a sku no operator has set. */
export const defaultLowStockThreshold = 10;

/** The one rule for "low stock", used by the catalog, inventory, analytics and alerts alike. */
export const isLowStock = (available: number, threshold: number): boolean => available < threshold;

export const lowStockThreshold = (state: Inventory): number =>
  (state.status === 'tracked' ? state.lowStockThreshold : undefined) ?? defaultLowStockThreshold;
