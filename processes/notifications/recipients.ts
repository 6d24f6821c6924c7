import { customerDecider, customerEvents } from '../../domain/customer/index.ts';
import type { CustomerCommand, CustomerEvent, Customer } from '../../domain/customer/index.ts';
import { customerStream, orderStream } from '../../domain/streams.ts';
import { createCommandHandler } from '../../infra/eventstore/command-handler.ts';
import type { EventStore } from '../../infra/eventstore/event-store.ts';
import type { Logger } from '../../infra/logger.ts';
import type { Metrics } from '../../infra/metrics.ts';
import type { PiiVault } from '../../infra/pii/vault.ts';
import type { Aggregates } from '../aggregates.ts';
import type { OrderFacts, Recipient } from './mail.ts';

/** What the notifier reads besides the event: the order it is about, and whom to tell. */
export interface NoticeLookup {
  /** Undefined when the log holds no such order (the event cannot be explained: parked). */
  order(orderId: string): Promise<OrderFacts | undefined>;
  recipient(customerId: string): Promise<Recipient>;
}

/**
 * Reads the order's and the customer's streams from the event store (Kafka carries neither the
 * customer of most events nor, ever, their e-mail) and opens the e-mail and name with the vault.
 */
export const storeLookup = (deps: {
  store: EventStore;
  orders: Aggregates['orders'];
  vault: PiiVault;
  logger: Logger;
  metrics: Metrics;
}): NoticeLookup => {
  const customers = createCommandHandler<CustomerCommand, CustomerEvent, Customer>({
    name: 'customer',
    store: deps.store,
    decider: customerDecider,
    codec: customerEvents,
    // The e-mail may change and the customer may be erased: always read them afresh.
    cacheSize: 0,
    logger: deps.logger,
    metrics: deps.metrics,
  });
  return {
    async order(orderId) {
      const { state } = await deps.orders.load(orderStream(orderId));
      if (state.status === 'none') return undefined;
      const { customerId, lines, total } = state;
      return { orderId, customerId, lines, total };
    },
    async recipient(customerId) {
      const { state } = await customers.load(customerStream(customerId));
      if (state.status === 'none') return { kind: 'no_account' };
      if (state.status === 'erased') return { kind: 'erased' };
      const opener = await deps.vault.openerFor(customerId);
      const email = opener.open(state.email);
      const name = opener.open(state.name);
      if (typeof email !== 'string' || typeof name !== 'string') return { kind: 'erased' };
      return { kind: 'customer', email, name };
    },
  };
};
