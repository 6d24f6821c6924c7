import type { EventStoreDBClient } from '@eventstore/db-client';
import { runCatchUp, type CheckpointStore } from '../../infra/eventstore/catch-up-runner.ts';
import type { EventCodec } from '../../infra/eventstore/codec.ts';
import type { LogPosition } from '../../infra/eventstore/recorded.ts';
import type { Logger } from '../../infra/logger.ts';
import type { Metrics } from '../../infra/metrics.ts';
import { isNotified, MailNotBuildable } from './notice.ts';
import { notifyPatiently, type Notifier } from './notifier.ts';

/** The stored event as the log holds it; the notifier parses it, as it does a Kafka record. */
interface Stored {
  readonly type: string;
  readonly data: { readonly schemaVersion: number; readonly stored: unknown };
}

const storedCodec: EventCodec<Stored> = {
  handles: isNotified,
  parse: (type, schemaVersion, stored) => ({ type, data: { schemaVersion, stored } }),
  currentVersion: () => 1,
};

// The processed-ids store says what was sent: each start reads the log from the beginning (as
// embedded mode's read models do) and sends only what was never recorded.
const fromTheStart = (): CheckpointStore => {
  let position: LogPosition | undefined;
  return {
    load: () => Promise.resolve(position),
    save: (next) => {
      position = next;
      return Promise.resolve();
    },
  };
};

/**
 * The notifications without Kafka (embedded mode): a catch-up subscription to the order and
 * payment streams in this process, with the same notifier and idempotency as the Kafka consumer.
 * An event no e-mail can be built from is logged and passed over (no dead-letter topic here).
 */
export const runInProcessNotifications = (deps: {
  client: EventStoreDBClient;
  notify: Notifier;
  logger: Logger;
  metrics: Metrics;
  signal: AbortSignal;
}) => {
  const { logger, signal } = deps;
  return runCatchUp<Stored>({
    name: 'notifications',
    client: deps.client,
    codec: storedCodec,
    logger,
    metrics: deps.metrics,
    streamPrefixes: ['order-', 'payment-'],
    checkpoints: fromTheStart(),
    signal,
    handle: async (batch) => {
      for (const recorded of batch) {
        if (signal.aborted) return;
        const raw = {
          eventId: recorded.id,
          type: recorded.event.type,
          schemaVersion: recorded.event.data.schemaVersion,
          data: recorded.event.data.stored,
        };
        try {
          await notifyPatiently(deps.notify, raw, { signal, logger });
        } catch (error) {
          if (!(error instanceof MailNotBuildable)) throw error;
          logger.warn({ err: error, eventId: raw.eventId }, 'no e-mail can be built; passed over');
        }
      }
    },
  });
};
