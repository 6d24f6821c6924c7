import { cartDecider, cartEvents, type Cart, type CartCommand } from '../../domain/cart/index.ts';
import type { CartEvent } from '../../domain/cart/index.ts';
import {
  createCommandHandler,
  type CommandHandler,
} from '../../infra/eventstore/command-handler.ts';
import type { EventStore } from '../../infra/eventstore/event-store.ts';
import type { Logger } from '../../infra/logger.ts';
import type { Metrics } from '../../infra/metrics.ts';

export type CartCommands = CommandHandler<CartCommand, CartEvent, Cart>;

/** The command side of carts: one `cart-{customerId}` stream per customer. */
export const createCartCommands = (deps: {
  store: EventStore;
  logger: Logger;
  metrics: Metrics;
}): CartCommands =>
  createCommandHandler({
    name: 'cart',
    store: deps.store,
    decider: cartDecider,
    codec: cartEvents,
    logger: deps.logger.child({ aggregate: 'cart' }),
    metrics: deps.metrics,
  });
