import { DISPATCH_TO_SINGLE, END, START } from '@eventstore/db-client';
import type { GroupSettings } from '../../infra/eventstore/persistent-group.ts';

/** The persistent subscription group the bridge consumes. */
export const bridgeGroup = 'kafka-bridge';

/**
 * One active consumer with failover: a second process is turned away by `maxSubscriberCount`
 * and waits as a standby. A message timeout long enough that a slow Kafka does not cause a storm
 * of redeliveries, and a retry count the bridge never reaches: it never nacks for Kafka, and the
 * server would otherwise park an event silently once a long outage or many restarts timed it
 * out that often.
 */
export const bridgeGroupSettings = (startFrom: 'start' | 'end'): GroupSettings => ({
  startFrom: startFrom === 'start' ? START : END,
  consumerStrategyName: DISPATCH_TO_SINGLE,
  maxSubscriberCount: 1,
  messageTimeout: 60_000,
  maxRetryCount: 1_000_000,
  readBatchSize: 100,
});

/** Events the server may have in flight to the bridge: two batches' worth, so one fills while one commits. */
export const bridgeBufferSize = 1_000;
