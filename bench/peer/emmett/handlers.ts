import {
  CommandHandler,
  InProcessLock,
  isExpectedVersionConflictError,
  type CommandHandlerRetryOptions,
  type EventStore,
} from '@event-driven-io/emmett';
import { inventoryEvent, orderEvent, paymentEvent } from './events.ts';
import * as inventory from './inventory.ts';
import * as order from './order.ts';
import * as payment from './payment.ts';

/** The peer's streams, named apart from the app's (`order-…`) so the two never meet. */
export const streams = {
  order: (orderId: string) => `emmett-order-${orderId}`,
  inventory: (sku: string) => `emmett-inventory-${sku}`,
  payment: (orderId: string) => `emmett-payment-${orderId}`,
};

// emmett-esdb 0.35.0-alpha.2 bundles its own copy of Emmett's error classes, so the conflict it
// throws is not an instance of the core's ExpectedVersionConflictError and the core's check
// (`onVersionConflict: true`) refuses to retry it; its errorCode, 412, is the same in both.
// (Refused, async-retry still retries in the background while the caller already saw the error.)
const isVersionConflict = (error: unknown): boolean =>
  isExpectedVersionConflictError(error) ||
  (error instanceof Error && 'errorCode' in error && error.errorCode === 412);

// Emmett's default on a version conflict is 3 retries from 100 ms; three skus at hundreds of
// orders a second conflict far more often than that, so: more tries, shorter, jittered.
const retry: CommandHandlerRetryOptions = {
  onVersionConflict: {
    retries: 40,
    minTimeout: 2,
    maxTimeout: 50,
    factor: 1.5,
    randomize: true,
    shouldRetryError: isVersionConflict,
  },
};

const handleOrder = CommandHandler<order.Order, order.OrderEvent>({
  evolve: (state, event) => order.evolve(state, orderEvent.parse(event)),
  initialState: order.initialState,
  mapToStreamId: streams.order,
  retry,
});
const handleInventory = CommandHandler<inventory.Inventory, inventory.InventoryEvent>({
  evolve: (state, event) => inventory.evolve(state, inventoryEvent.parse(event)),
  initialState: inventory.initialState,
  mapToStreamId: streams.inventory,
  retry,
});
const handlePayment = CommandHandler<payment.Payment, payment.PaymentEvent>({
  evolve: (state, event) => payment.evolve(state, paymentEvent.parse(event)),
  initialState: payment.initialState,
  mapToStreamId: streams.payment,
  retry,
});

/**
 * One function per aggregate: read the stream, fold, decide, append with the read version.
 * Commands on one sku wait their turn in this process (Emmett's InProcessLock): Emmett 0.35's
 * ESDB consumer does not await its handler, so every order's ReserveStock would race the others
 * on three streams, and the retries after each lost race swamp the flow. Optimistic concurrency
 * still guards against other processes.
 */
export const commandHandlers = (store: EventStore) => {
  const skuLock = InProcessLock();
  return {
    order: (command: order.OrderCommand) =>
      handleOrder(store, command.data.orderId, (state) => order.decide(command, state)),
    inventory: (command: inventory.InventoryCommand) =>
      skuLock.withAcquire(
        () => handleInventory(store, command.data.sku, (state) => inventory.decide(command, state)),
        { lockId: command.data.sku },
      ),
    payment: (command: payment.PaymentCommand) =>
      handlePayment(store, command.data.orderId, (state) => payment.decide(command, state)),
  };
};
export type CommandHandlers = ReturnType<typeof commandHandlers>;

/** An aggregate's state as the handlers see it, for checks from outside the flow. */
export const readState = {
  order: (store: EventStore, orderId: string) =>
    store.aggregateStream(streams.order(orderId), {
      evolve: (state: order.Order, event: order.OrderEvent) =>
        order.evolve(state, orderEvent.parse(event)),
      initialState: order.initialState,
    }),
  inventory: (store: EventStore, sku: string) =>
    store.aggregateStream(streams.inventory(sku), {
      evolve: (state: inventory.Inventory, event: inventory.InventoryEvent) =>
        inventory.evolve(state, inventoryEvent.parse(event)),
      initialState: inventory.initialState,
    }),
};
