export * from './commands.ts';
export { inventoryDecider, maxStockQuantity } from './decide.ts';
export * from './errors.ts';
export * from './events.ts';
export { stockLevel } from './state.ts';
export { defaultLowStockThreshold, isLowStock, lowStockThreshold } from './low-stock.ts';
export type { Inventory, Stock, StockLevel } from './state.ts';
