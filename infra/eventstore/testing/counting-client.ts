import { EventStoreDBClient } from '@eventstore/db-client';

/**
 * A real client that counts, for tests, the catch-up subscriptions to `$all` it opens and the
 * stream reads it makes.
 */
export const countingClient = (
  connectionString: string,
): {
  readonly client: EventStoreDBClient;
  readonly subscriptions: () => number;
  readonly streamReads: () => number;
} => {
  let opened = 0;
  let reads = 0;
  const real = EventStoreDBClient.connectionString(connectionString);
  const client = new Proxy(real, {
    get(target, key, receiver) {
      if (key === 'subscribeToAll') {
        return (...args: Parameters<EventStoreDBClient['subscribeToAll']>) => {
          opened++;
          return target.subscribeToAll(...args);
        };
      }
      if (key === 'readStream') {
        return (...args: Parameters<EventStoreDBClient['readStream']>) => {
          reads++;
          return target.readStream(...args);
        };
      }
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
  return { client, subscriptions: () => opened, streamReads: () => reads };
};
