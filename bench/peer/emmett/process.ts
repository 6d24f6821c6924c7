import type { EventStore, ReadEvent } from '@event-driven-io/emmett';
import { flowEvent, type FlowEvent } from './events.ts';
import { readState, type CommandHandlers } from './handlers.ts';

/** The simulated payment provider: in process, and it always authorizes. */
export const simulatedPayments = {
  authorize: (orderId: string, amount: number): Promise<string> =>
    Promise.resolve(`auth-${orderId}-${String(amount)}`),
};

export interface FulfilmentDependencies {
  readonly store: EventStore;
  readonly handlers: CommandHandlers;
  readonly now: () => string;
  /** An order reached the end of this flow: confirmed, or rejected for want of stock. */
  readonly onOutcome: (orderId: string, outcome: 'confirmed' | 'rejected') => void;
  readonly onFailure: (error: unknown, event: FlowEvent) => void;
}

/**
 * Placed to confirmed as a reactor: each event the flow receives becomes the next command.
 * OrderPlaced → ReserveStock → StockReserved → AuthorizePayment → PaymentAuthorized → ConfirmOrder.
 */
export const fulfilment = (deps: FulfilmentDependencies) => {
  const { store, handlers, now } = deps;
  const react = async (event: FlowEvent): Promise<void> => {
    switch (event.type) {
      case 'OrderPlaced': {
        const { orderId, line } = event.data;
        const data = { orderId, sku: line.sku, quantity: line.quantity, now: now() };
        await handlers.inventory({ type: 'ReserveStock', data });
        return;
      }
      case 'StockReserved': {
        // The amount is the order's to say: fold its stream, as Emmett reads any state.
        const { state } = await readState.order(store, event.data.orderId);
        if (state.status !== 'placed') return;
        const amount = state.line.quantity * state.line.unitPrice;
        const authorization = await simulatedPayments.authorize(event.data.orderId, amount);
        const { orderId } = event.data;
        const data = { orderId, amount, currency: state.currency, authorization, now: now() };
        await handlers.payment({ type: 'AuthorizePayment', data });
        return;
      }
      case 'StockReservationRejected': {
        const data = { orderId: event.data.orderId, reason: 'out_of_stock', now: now() };
        await handlers.order({ type: 'RejectOrder', data });
        return;
      }
      case 'PaymentAuthorized':
        await handlers.order({
          type: 'ConfirmOrder',
          data: { orderId: event.data.orderId, now: now() },
        });
        return;
      case 'OrderConfirmed':
        deps.onOutcome(event.data.orderId, 'confirmed');
        return;
      case 'OrderRejected':
        deps.onOutcome(event.data.orderId, 'rejected');
        return;
      default:
        return;
    }
  };
  // Emmett 0.35's ESDB subscription calls this without awaiting it, so a rejection here would
  // be unhandled and end the process: every failure is reported instead.
  return async (message: ReadEvent): Promise<void> => {
    const parsed = flowEvent.safeParse({ type: message.type, data: message.data });
    if (!parsed.success) return;
    try {
      await react(parsed.data);
    } catch (error) {
      deps.onFailure(error, parsed.data);
    }
  };
};
