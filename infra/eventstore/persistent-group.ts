import {
  PersistentSubscriptionExistsError,
  persistentSubscriptionToAllSettingsFromDefaults,
  persistentSubscriptionToStreamSettingsFromDefaults,
  streamNameFilter,
  type EventStoreDBClient,
  type PersistentSubscriptionToAllSettings,
} from '@eventstore/db-client';

/** What a persistent subscription group reads: filtered `$all`, or one stream. */
export type GroupSource =
  | { readonly kind: 'all'; readonly streamPrefixes: readonly string[] }
  | { readonly kind: 'stream'; readonly stream: string };

export type GroupSettings = Partial<PersistentSubscriptionToAllSettings>;

// The settings a deploy may change; compared so that an unchanged group is left alone (an
// update drops every connected consumer, including other processes' ones).
const tunables = [
  'messageTimeout',
  'maxRetryCount',
  'checkPointAfter',
  'checkPointLowerBound',
  'checkPointUpperBound',
  'maxSubscriberCount',
  'liveBufferSize',
  'readBatchSize',
  'historyBufferSize',
  'consumerStrategyName',
  'extraStatistics',
  'resolveLinkTos',
] as const;

type CommonSettings = Omit<PersistentSubscriptionToAllSettings, 'startFrom'>;

const differs = (wanted: Partial<CommonSettings>, actual: CommonSettings): boolean =>
  tunables.some((key) => wanted[key] !== undefined && wanted[key] !== actual[key]);

/**
 * Creates the group, or brings an existing group's settings up to date when they differ from
 * what this process wants. An existing group keeps its checkpoint.
 */
export const ensureGroup = async (
  client: EventStoreDBClient,
  group: string,
  source: GroupSource,
  settings: GroupSettings,
): Promise<void> => {
  if (source.kind === 'all') {
    const wanted = persistentSubscriptionToAllSettingsFromDefaults(settings);
    try {
      await client.createPersistentSubscriptionToAll(group, wanted, {
        filter: streamNameFilter({ prefixes: [...source.streamPrefixes] }),
      });
    } catch (error) {
      if (!(error instanceof PersistentSubscriptionExistsError)) throw error;
      const info = await client.getPersistentSubscriptionToAllInfo(group);
      if (differs(settings, info.settings)) {
        await client.updatePersistentSubscriptionToAll(group, {
          ...wanted,
          startFrom: info.settings.startFrom,
        });
      }
    }
    return;
  }
  const { startFrom: _all, ...common } = settings;
  const wanted = persistentSubscriptionToStreamSettingsFromDefaults(common);
  try {
    await client.createPersistentSubscriptionToStream(source.stream, group, wanted);
  } catch (error) {
    if (!(error instanceof PersistentSubscriptionExistsError)) throw error;
    const info = await client.getPersistentSubscriptionToStreamInfo(source.stream, group);
    if (differs(common, info.settings)) {
      await client.updatePersistentSubscriptionToStream(source.stream, group, {
        ...wanted,
        startFrom: info.settings.startFrom,
      });
    }
  }
};
