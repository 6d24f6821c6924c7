import {
  inventoryDecider,
  inventoryEvents,
  orderDecider,
  orderEvents,
  paymentDecider,
  paymentEvents,
  type Inventory,
  type InventoryCommand,
  type InventoryEvent,
  type Order,
  type OrderCommand,
  type OrderEvent,
  type Payment,
  type PaymentCommand,
  type PaymentEvent,
} from '../domain/index.ts';
import { createCommandHandler, type CommandHandler } from '../infra/eventstore/command-handler.ts';
import type { EventStore } from '../infra/eventstore/event-store.ts';
import type { Logger } from '../infra/logger.ts';
import type { Metrics } from '../infra/metrics.ts';

/** The command side: one command handler per aggregate, shared by the API and the processes. */
export interface Aggregates {
  readonly orders: CommandHandler<OrderCommand, OrderEvent, Order>;
  readonly inventory: CommandHandler<InventoryCommand, InventoryEvent, Inventory>;
  readonly payments: CommandHandler<PaymentCommand, PaymentEvent, Payment>;
}

export interface AggregatesOptions {
  readonly store: EventStore;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Commands per append for one stream; 1 turns group commit off (the flash-sale baseline). */
  readonly maxBatch?: number;
}

export const createAggregates = ({
  store,
  logger,
  metrics,
  maxBatch,
}: AggregatesOptions): Aggregates => {
  const common = { store, metrics, ...(maxBatch === undefined ? {} : { maxBatch }) };
  return {
    orders: createCommandHandler({
      ...common,
      name: 'order',
      decider: orderDecider,
      codec: orderEvents,
      logger: logger.child({ aggregate: 'order' }),
    }),
    inventory: createCommandHandler({
      ...common,
      name: 'inventory',
      decider: inventoryDecider,
      codec: inventoryEvents,
      logger: logger.child({ aggregate: 'inventory' }),
    }),
    payments: createCommandHandler({
      ...common,
      name: 'payment',
      decider: paymentDecider,
      codec: paymentEvents,
      logger: logger.child({ aggregate: 'payment' }),
    }),
  };
};
