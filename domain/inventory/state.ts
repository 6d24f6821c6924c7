import { unreachable } from '../shared/decider.ts';
import { addId, emptyIdSet } from '../shared/id-set.ts';
import type { IdSet } from '../shared/id-set.ts';
import type { InventoryEvent } from './events.ts';

export type Stock = {
  sku: string;
  onHand: number;
  /** Sum of `reservations`; never more than `onHand`. */
  reserved: number;
  /** Quantity held per order id: at most one reservation per order and sku. */
  reservations: Readonly<Record<string, number>>;
  /** Orders whose reservation shipped; they never reserve this sku again. */
  committed: IdSet;
  /** Set by an operator; undefined: the default (low-stock.ts). */
  lowStockThreshold?: number;
};

/** A sku's stream before its first event is untracked: nothing on hand, nothing reserved. */
export type Inventory = { status: 'untracked' } | ({ status: 'tracked' } & Stock);

export const initialState: Inventory = { status: 'untracked' };

const emptyStock = (sku: string): Stock => ({
  sku,
  onHand: 0,
  reserved: 0,
  reservations: {},
  committed: emptyIdSet,
});

export type StockLevel = Stock & { available: number };

export const stockLevel = (sku: string, state: Inventory): StockLevel => {
  const stock = state.status === 'tracked' ? state : emptyStock(sku);
  return { ...stock, available: stock.onHand - stock.reserved };
};

export const heldBy = (stock: Stock, orderId: string): number | undefined =>
  Object.hasOwn(stock.reservations, orderId) ? stock.reservations[orderId] : undefined;

const withoutReservation = (stock: Stock, orderId: string): Stock['reservations'] =>
  Object.fromEntries(Object.entries(stock.reservations).filter(([id]) => id !== orderId));

export const evolve = (state: Inventory, event: InventoryEvent): Inventory => {
  const stock = state.status === 'tracked' ? state : emptyStock(event.data.sku);
  const tracked = (next: Partial<Stock>): Inventory => ({ ...stock, ...next, status: 'tracked' });
  switch (event.type) {
    case 'StockRestocked':
      return tracked({ onHand: stock.onHand + event.data.quantity });
    case 'StockReserved': {
      const { orderId, quantity } = event.data;
      return tracked({
        reserved: stock.reserved + quantity,
        reservations: { ...stock.reservations, [orderId]: quantity },
      });
    }
    case 'StockReservationRejected':
      return tracked({});
    case 'StockReleased':
      return tracked({
        reserved: stock.reserved - event.data.quantity,
        reservations: withoutReservation(stock, event.data.orderId),
      });
    case 'LowStockThresholdSet':
      return tracked({ lowStockThreshold: event.data.threshold });
    case 'StockCommitted': {
      const { orderId, quantity } = event.data;
      return tracked({
        onHand: stock.onHand - quantity,
        reserved: stock.reserved - quantity,
        reservations: withoutReservation(stock, orderId),
        committed: addId(stock.committed, orderId),
      });
    }
    default:
      return unreachable(event);
  }
};
