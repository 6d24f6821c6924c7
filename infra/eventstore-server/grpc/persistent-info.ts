import type { PersistentGroup } from '../persistent/group.ts';
import { formatPosition, formatStartFrom } from '../persistent/settings.ts';
import { persistent } from './proto.ts';

type SubscriptionInfo = InstanceType<typeof persistent.SubscriptionInfo>;

/** A group's settings, stats and connections, as EventStoreDB reports them in info and lists. */
export const subscriptionInfo = (group: PersistentGroup): SubscriptionInfo => {
  const { stream, group: name, settings } = group.definition;
  const isAll = stream === '$all';
  const snapshot = group.snapshot();
  const info = new persistent.SubscriptionInfo();
  info.setEventSource(stream);
  info.setGroupName(name);
  info.setStatus(snapshot.status);
  info.setAveragePerSecond(snapshot.averagePerSecond);
  info.setTotalItems(String(snapshot.totalItems));
  info.setCountSinceLastMeasurement(String(snapshot.countSinceLastMeasurement));
  info.setLastCheckpointedEventPosition(
    snapshot.lastCheckpointedPosition === undefined
      ? ''
      : formatPosition(isAll, snapshot.lastCheckpointedPosition),
  );
  info.setLastKnownEventPosition(
    snapshot.lastKnownPosition === undefined
      ? ''
      : formatPosition(isAll, snapshot.lastKnownPosition),
  );
  info.setResolveLinkTos(settings.resolveLinkTos);
  info.setStartFrom(formatStartFrom(settings.startFrom));
  info.setMessageTimeoutMilliseconds(settings.messageTimeoutMs);
  info.setExtraStatistics(settings.extraStatistics);
  info.setMaxRetryCount(settings.maxRetryCount);
  info.setLiveBufferSize(settings.liveBufferSize);
  info.setBufferSize(settings.historyBufferSize);
  info.setReadBatchSize(settings.readBatchSize);
  info.setCheckPointAfterMilliseconds(settings.checkpointAfterMs);
  info.setMinCheckPointCount(settings.minCheckpointCount);
  info.setMaxCheckPointCount(settings.maxCheckpointCount);
  info.setReadBufferCount(snapshot.readBufferCount);
  info.setLiveBufferCount(String(snapshot.liveBufferCount));
  info.setRetryBufferCount(snapshot.retryBufferCount);
  info.setTotalInFlightMessages(
    snapshot.consumers.reduce((sum, consumer) => sum + consumer.inFlight.size, 0),
  );
  info.setOutstandingMessagesCount(snapshot.outstandingCount);
  info.setNamedConsumerStrategy(settings.consumerStrategy);
  info.setMaxSubscriberCount(settings.maxSubscriberCount);
  info.setParkedMessageCount(String(snapshot.parkedCount));
  for (const consumer of snapshot.consumers) {
    const rate = snapshot.consumerRates.get(consumer);
    const connection = new persistent.SubscriptionInfo.ConnectionInfo();
    connection.setFrom(consumer.from);
    connection.setUsername(consumer.username);
    connection.setAverageItemsPerSecond(rate?.averagePerSecond ?? 0);
    connection.setTotalItems(String(consumer.totalItems));
    connection.setCountSinceLastMeasurement(String(rate?.countSinceLastMeasurement ?? 0));
    connection.setAvailableSlots(Math.max(0, consumer.maxInFlight - consumer.inFlight.size));
    connection.setInFlightMessages(consumer.inFlight.size);
    connection.setConnectionName(consumer.connectionName);
    for (const [key, value] of snapshot.consumerLatencies.get(consumer) ?? []) {
      const measurement = new persistent.SubscriptionInfo.Measurement();
      measurement.setKey(key);
      measurement.setValue(String(value));
      connection.addObservedMeasurements(measurement);
    }
    info.addConnections(connection);
  }
  return info;
};
