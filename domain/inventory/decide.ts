import { occurredAt } from '../shared/command.ts';
import { unreachable } from '../shared/decider.ts';
import type { Decider } from '../shared/decider.ts';
import { hasId } from '../shared/id-set.ts';
import type {
  CommitStock,
  InventoryCommand,
  ReleaseStock,
  ReserveStock,
  Restock,
  SetLowStockThreshold,
} from './commands.ts';
import { InvalidLowStockThreshold, InvalidStockQuantity, NothingReserved } from './errors.ts';
import { lowStockThreshold } from './low-stock.ts';
import type { InventoryEvent } from './events.ts';
import { evolve, heldBy, initialState, stockLevel } from './state.ts';
import type { Inventory } from './state.ts';

export const maxStockQuantity = 1_000_000;

const checkQuantity = (sku: string, quantity: number): void => {
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > maxStockQuantity) {
    throw new InvalidStockQuantity(sku, quantity, maxStockQuantity);
  }
};

const restock = (command: Restock, _state: Inventory): InventoryEvent[] => {
  checkQuantity(command.data.sku, command.data.quantity);
  return [{ type: 'StockRestocked', data: { ...command.data, restockedAt: occurredAt(command) } }];
};

const reserve = (command: ReserveStock, state: Inventory): InventoryEvent[] => {
  const { sku, orderId, quantity } = command.data;
  checkQuantity(sku, quantity);
  const stock = stockLevel(sku, state);
  // One reservation per order and sku: a redelivered command must not reserve twice.
  if (heldBy(stock, orderId) !== undefined || hasId(stock.committed, orderId)) return [];
  const at = occurredAt(command);
  if (stock.available < quantity) {
    const data = { sku, orderId, requested: quantity, available: stock.available, rejectedAt: at };
    return [{ type: 'StockReservationRejected', data }];
  }
  return [{ type: 'StockReserved', data: { sku, orderId, quantity, reservedAt: at } }];
};

const release = (command: ReleaseStock, state: Inventory): InventoryEvent[] => {
  const { sku, orderId } = command.data;
  const quantity = heldBy(stockLevel(sku, state), orderId);
  if (quantity === undefined) return [];
  return [
    { type: 'StockReleased', data: { sku, orderId, quantity, releasedAt: occurredAt(command) } },
  ];
};

const commit = (command: CommitStock, state: Inventory): InventoryEvent[] => {
  const { sku, orderId } = command.data;
  const stock = stockLevel(sku, state);
  if (hasId(stock.committed, orderId)) return [];
  const quantity = heldBy(stock, orderId);
  if (quantity === undefined) throw new NothingReserved(sku, orderId);
  return [
    { type: 'StockCommitted', data: { sku, orderId, quantity, committedAt: occurredAt(command) } },
  ];
};

const setThreshold = (command: SetLowStockThreshold, state: Inventory): InventoryEvent[] => {
  const { sku, threshold } = command.data;
  if (!Number.isInteger(threshold) || threshold < 0 || threshold > maxStockQuantity)
    throw new InvalidLowStockThreshold(sku, threshold, maxStockQuantity);
  if (lowStockThreshold(state) === threshold) return [];
  return [{ type: 'LowStockThresholdSet', data: { sku, threshold, setAt: occurredAt(command) } }];
};

export const decide = (command: InventoryCommand, state: Inventory): InventoryEvent[] => {
  switch (command.type) {
    case 'Restock':
      return restock(command, state);
    case 'ReserveStock':
      return reserve(command, state);
    case 'ReleaseStock':
      return release(command, state);
    case 'CommitStock':
      return commit(command, state);
    case 'SetLowStockThreshold':
      return setThreshold(command, state);
    default:
      return unreachable(command);
  }
};

export const inventoryDecider: Decider<InventoryCommand, InventoryEvent, Inventory> = {
  decide,
  evolve,
  initialState,
};
