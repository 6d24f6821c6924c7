import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { $all, getEventStoreDBEventStore } from '@event-driven-io/emmett-esdb';
import { streamNameFilter, type EventStoreDBClient } from '@eventstore/db-client';
import type { FlowEvent } from './events.ts';
import { commandHandlers } from './handlers.ts';
import { fulfilment } from './process.ts';

export interface EmmettFlowOptions {
  readonly client: EventStoreDBClient;
  readonly onOutcome: (orderId: string, outcome: 'confirmed' | 'rejected') => void;
  readonly onFailure: (error: unknown, event?: FlowEvent) => void;
  readonly now?: () => string;
}

/**
 * The placed-to-confirmed flow written with Emmett: command handlers over
 * `getEventStoreDBEventStore(client)` and the fulfilment reactor on Emmett's ESDB consumer
 * (a catch-up subscription to `$all`, filtered to the peer's streams). Resolves once the
 * subscription is live, so no order placed afterwards goes unseen.
 */
export const startEmmettFlow = async (options: EmmettFlowOptions) => {
  const now = options.now ?? (() => new Date().toISOString());
  const store = getEventStoreDBEventStore(options.client);
  const handlers = commandHandlers(store);
  const react = fulfilment({ store, handlers, now, ...options });
  const probe = `emmett-started-${randomUUID()}`;
  const live = Promise.withResolvers<true>();
  const consumer = store.consumer({
    from: { stream: $all, options: { filter: streamNameFilter({ prefixes: ['emmett-'] }) } },
  });
  consumer.processor({
    processorId: 'emmett-fulfilment',
    startFrom: 'END',
    eachMessage: async (message) => {
      if (message.metadata.streamName === probe) live.resolve(true);
      else await react(message);
    },
  });
  const running = consumer.start().catch((error: unknown) => {
    options.onFailure(error);
  });
  // A subscription from END sees only what is appended once it is live, and Emmett does not
  // say when that is: append a probe until the flow receives one.
  const deadline = performance.now() + 15_000;
  for (let seen = false; !seen;) {
    if (performance.now() > deadline) throw new Error('the Emmett consumer never went live');
    await store.appendToStream(probe, [{ type: 'FlowProbed', data: { at: now() } }]);
    seen = await Promise.race([live.promise, sleep(100, false)]);
  }
  return {
    store,
    handlers,
    async stop() {
      await Promise.race([consumer.stop(), sleep(5_000)]);
      await Promise.race([running, sleep(1_000)]);
    },
  };
};
export type EmmettFlow = Awaited<ReturnType<typeof startEmmettFlow>>;
