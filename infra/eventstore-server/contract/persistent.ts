import {
  START,
  StreamNotFoundError,
  persistentSubscriptionToAllSettingsFromDefaults,
  persistentSubscriptionToStreamSettingsFromDefaults,
  streamNameFilter,
  type EventStoreDBClient,
  type Filter,
  type PersistentSubscriptionToAllSettings,
  type PersistentSubscriptionToStreamSettings,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { uniqueName } from './client.ts';
import { readStream } from './read.ts';
import { waitFor } from './wait.ts';

/** Where EventStoreDB parks a group's messages (for $all, `stream` is "$all"). */
export const parkedStreamOf = (stream: string, group: string): string =>
  `$persistentsubscription-${stream}::${group}-parked`;

/** The parked messages of a group, resolved to the events they point at; none before any. */
export const readParked = async (
  client: EventStoreDBClient,
  stream: string,
  group: string,
): Promise<ResolvedEvent[]> => {
  try {
    return await readStream(client, parkedStreamOf(stream, group), { resolveLinkTos: true });
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
};

/** Waits until at least `count` messages of a group are parked (parking is asynchronous). */
export const waitForParked = async (
  client: EventStoreDBClient,
  stream: string,
  group: string,
  count: number,
  timeoutMs = 10_000,
): Promise<ResolvedEvent[]> => {
  let parked: ResolvedEvent[] = [];
  await waitFor(
    `${count} parked messages in ${parkedStreamOf(stream, group)}`,
    async () => {
      parked = await readParked(client, stream, group);
      return parked.length >= count;
    },
    timeoutMs,
  );
  return parked;
};

/** Creates uniquely named groups for a test file and deletes them all at the end. */
export interface Groups {
  /** A group on `stream`, starting from the start unless `changes` say otherwise. */
  onStream(
    stream: string,
    changes?: Partial<PersistentSubscriptionToStreamSettings>,
  ): Promise<string>;
  /** A group on $all, filtered to streams starting with `prefix` unless `filter` is given. */
  onAll(
    prefix: string,
    changes?: Partial<PersistentSubscriptionToAllSettings>,
    filter?: Filter,
  ): Promise<string>;
  deleteAll(): Promise<void>;
}

export const groupsFor = (client: EventStoreDBClient): Groups => {
  const created: Array<() => Promise<void>> = [];
  return {
    async onStream(stream, changes) {
      const group = uniqueName('group');
      const settings = persistentSubscriptionToStreamSettingsFromDefaults({
        startFrom: START,
        ...changes,
      });
      await client.createPersistentSubscriptionToStream(stream, group, settings);
      created.push(() => client.deletePersistentSubscriptionToStream(stream, group));
      return group;
    },
    async onAll(prefix, changes, filter = streamNameFilter({ prefixes: [prefix] })) {
      const group = uniqueName('group');
      const settings = persistentSubscriptionToAllSettingsFromDefaults({
        startFrom: START,
        ...changes,
      });
      await client.createPersistentSubscriptionToAll(group, settings, { filter });
      created.push(() => client.deletePersistentSubscriptionToAll(group));
      return group;
    },
    async deleteAll() {
      // Tests may have deleted their group already; what is left is removed, whatever failed.
      await Promise.allSettled(created.map((remove) => remove()));
    },
  };
};
