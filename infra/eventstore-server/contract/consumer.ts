import type {
  PersistentAction,
  PersistentSubscriptionBase,
  ResolvedEvent,
} from '@eventstore/db-client';
import { onceWithin } from './wait.ts';

/** What persistent subscriptions deliver: an event plus how often it was retried. */
export type Delivery = ResolvedEvent & { readonly retryCount: number };

/** What a consumer does with a delivery: settle it through the subscription, or hold it. */
export type Handler<T extends Delivery> = (
  delivery: T,
  subscription: PersistentSubscriptionBase<T>,
) => Promise<void>;

export const ackEach = <T extends Delivery>(
  delivery: T,
  subscription: PersistentSubscriptionBase<T>,
): Promise<void> => subscription.ack(delivery);

/** Leaves every delivery unsettled: in flight until it times out. */
export const holdEach = (): Promise<void> => Promise.resolve();

export const nackEach =
  (action: PersistentAction) =>
  <T extends Delivery>(delivery: T, subscription: PersistentSubscriptionBase<T>): Promise<void> =>
    subscription.nack(action, `contract test: ${action}`, delivery);

/** A running consumer of one persistent subscription, recording every delivery in order. */
export interface Consumer<T extends Delivery> {
  readonly subscription: PersistentSubscriptionBase<T>;
  readonly deliveries: readonly T[];
  /** Resolves when the server ends the subscription: with its error, or undefined. */
  readonly dropped: Promise<unknown>;
  /** Ids of the delivered events, in delivery order (retries repeat an id). */
  ids(): string[];
  stop(): Promise<void>;
}

/**
 * Starts consuming `subscription` in the background (one delivery at a time, awaiting `handle`).
 * Resolves once the server confirmed the subscription, so events appended afterwards can reach it.
 */
export const startConsumer = async <T extends Delivery>(
  subscription: PersistentSubscriptionBase<T>,
  handle: Handler<T>,
): Promise<Consumer<T>> => {
  const deliveries: T[] = [];
  const confirmed = onceWithin(subscription, 'confirmation', 'the subscription confirmation');
  const stopping = new AbortController();
  const dropped = (async (): Promise<unknown> => {
    try {
      for await (const delivery of subscription) {
        deliveries.push(delivery);
        await handle(delivery, subscription);
      }
      return undefined;
    } catch (error) {
      return stopping.signal.aborted ? undefined : error;
    }
  })();
  await Promise.race([
    confirmed,
    dropped.then((error) => {
      throw new Error(`the subscription was dropped before its confirmation: ${String(error)}`);
    }),
  ]);
  return {
    subscription,
    deliveries,
    dropped,
    ids: () => deliveries.map((delivery) => delivery.event?.id ?? '<no event>'),
    stop: async () => {
      stopping.abort();
      await subscription.unsubscribe();
      subscription.destroy();
    },
  };
};
