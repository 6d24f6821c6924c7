import { IllegalStateError, type Command, type Event } from '@event-driven-io/emmett';

// Stock per sku, one stream per sku: the contended stream of the flow.

export type StockRestocked = Event<
  'StockRestocked',
  { sku: string; quantity: number; restockedAt: string }
>;
export type StockReserved = Event<
  'StockReserved',
  { sku: string; orderId: string; quantity: number; reservedAt: string }
>;
export type StockReservationRejected = Event<
  'StockReservationRejected',
  { sku: string; orderId: string; requested: number; available: number; rejectedAt: string }
>;
export type InventoryEvent = StockRestocked | StockReserved | StockReservationRejected;

export type Restock = Command<'Restock', { sku: string; quantity: number; now: string }>;
export type ReserveStock = Command<
  'ReserveStock',
  { sku: string; orderId: string; quantity: number; now: string }
>;
export type InventoryCommand = Restock | ReserveStock;

export type Inventory = {
  onHand: number;
  reserved: number;
  /** Orders holding a reservation or refused one: each decided once. */
  decided: Set<string>;
};

export const initialState = (): Inventory => ({ onHand: 0, reserved: 0, decided: new Set() });

// Every fold starts from a fresh `initialState()`, so the set belongs to that fold alone; adding
// to it in place keeps a fold over a hot sku's thousands of events linear instead of quadratic.
export const evolve = (state: Inventory, event: InventoryEvent): Inventory => {
  switch (event.type) {
    case 'StockRestocked':
      return { ...state, onHand: state.onHand + event.data.quantity };
    case 'StockReserved':
      return {
        ...state,
        reserved: state.reserved + event.data.quantity,
        decided: state.decided.add(event.data.orderId),
      };
    case 'StockReservationRejected':
      return { ...state, decided: state.decided.add(event.data.orderId) };
    default:
      return state;
  }
};

export const decide = (command: InventoryCommand, state: Inventory): InventoryEvent[] => {
  switch (command.type) {
    case 'Restock': {
      const { sku, quantity, now } = command.data;
      return [{ type: 'StockRestocked', data: { sku, quantity, restockedAt: now } }];
    }
    case 'ReserveStock': {
      const { sku, orderId, quantity, now } = command.data;
      if (state.decided.has(orderId)) return [];
      const available = state.onHand - state.reserved;
      if (available < quantity) {
        const data = { sku, orderId, requested: quantity, available, rejectedAt: now };
        return [{ type: 'StockReservationRejected', data }];
      }
      return [{ type: 'StockReserved', data: { sku, orderId, quantity, reservedAt: now } }];
    }
    default: {
      const unknown: never = command;
      throw new IllegalStateError(`unknown command ${JSON.stringify(unknown)}`);
    }
  }
};
