import { IllegalStateError, type Command, type Event } from '@event-driven-io/emmett';

// The Order decider written the way Emmett's samples write one: plain types for events and
// commands, `initialState`, `evolve` and `decide`, and business refusals as Emmett's errors.

export type OrderLine = { sku: string; quantity: number; unitPrice: number };

export type OrderPlaced = Event<
  'OrderPlaced',
  { orderId: string; customerId: string; line: OrderLine; currency: string; placedAt: string }
>;
export type OrderConfirmed = Event<'OrderConfirmed', { orderId: string; confirmedAt: string }>;
export type OrderRejected = Event<
  'OrderRejected',
  { orderId: string; reason: string; rejectedAt: string }
>;
export type OrderEvent = OrderPlaced | OrderConfirmed | OrderRejected;

export type PlaceOrder = Command<
  'PlaceOrder',
  { orderId: string; customerId: string; line: OrderLine; currency: string; now: string }
>;
export type ConfirmOrder = Command<'ConfirmOrder', { orderId: string; now: string }>;
export type RejectOrder = Command<'RejectOrder', { orderId: string; reason: string; now: string }>;
export type OrderCommand = PlaceOrder | ConfirmOrder | RejectOrder;

type Placed = { line: OrderLine; currency: string };
export type Order =
  | { status: 'empty' }
  | ({ status: 'placed' } & Placed)
  | ({ status: 'confirmed' } & Placed)
  | ({ status: 'rejected' } & Placed);

export const initialState = (): Order => ({ status: 'empty' });

export const evolve = (state: Order, event: OrderEvent): Order => {
  switch (event.type) {
    case 'OrderPlaced':
      return { status: 'placed', line: event.data.line, currency: event.data.currency };
    case 'OrderConfirmed':
      return state.status === 'empty' ? state : { ...state, status: 'confirmed' };
    case 'OrderRejected':
      return state.status === 'empty' ? state : { ...state, status: 'rejected' };
    default:
      return state;
  }
};

// A command that already took effect decides nothing, so a redelivered input is harmless.
export const decide = (command: OrderCommand, state: Order): OrderEvent[] => {
  switch (command.type) {
    case 'PlaceOrder': {
      if (state.status !== 'empty') return [];
      const { orderId, customerId, line, currency, now } = command.data;
      return [
        { type: 'OrderPlaced', data: { orderId, customerId, line, currency, placedAt: now } },
      ];
    }
    case 'ConfirmOrder':
      if (state.status === 'confirmed') return [];
      if (state.status !== 'placed') throw new IllegalStateError(`order is ${state.status}`);
      return [
        {
          type: 'OrderConfirmed',
          data: { orderId: command.data.orderId, confirmedAt: command.data.now },
        },
      ];
    case 'RejectOrder': {
      if (state.status === 'rejected') return [];
      if (state.status !== 'placed') throw new IllegalStateError(`order is ${state.status}`);
      const { orderId, reason, now } = command.data;
      return [{ type: 'OrderRejected', data: { orderId, reason, rejectedAt: now } }];
    }
    default: {
      const unknown: never = command;
      throw new IllegalStateError(`unknown command ${JSON.stringify(unknown)}`);
    }
  }
};
