import type { Consumer, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { backoffDelay, sleep } from '../../infra/eventstore/backoff.ts';
import type { ParkedEvent } from '../../infra/eventstore/persistent-runner.ts';
import type { DeadLetterPublisher } from '../../infra/kafka/dead-letter.ts';
import type { Logger } from '../../infra/logger.ts';
import { MailNotBuildable } from './notice.ts';
import { notifyPatiently, type Notifier, type RawEvent } from './notifier.ts';

export const notificationsGroup = 'notifications';

export interface KafkaNotificationsOptions {
  readonly kafka: Kafka;
  readonly topics: readonly string[];
  readonly notify: Notifier;
  readonly deadLetters: Pick<DeadLetterPublisher, 'publish'>;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  readonly groupId?: string;
  /** The longest wait between two tries while SMTP is down; 5 s. */
  readonly maxRetryDelayMs?: number;
}

const header = (headers: IHeaders | undefined, name: string): string | undefined => {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
};

/** The stored event a bridge record carries (README, Streams, events and topics). */
const rawOf = (message: KafkaMessage): RawEvent | { unreadable: string } => {
  const eventId = header(message.headers, 'event-id');
  const type = header(message.headers, 'event-type');
  const schemaVersion = Number(header(message.headers, 'schema-version') ?? '1');
  if (eventId === undefined || type === undefined)
    return { unreadable: 'no event-id or event-type' };
  try {
    return { eventId, type, schemaVersion, data: JSON.parse(message.value?.toString() ?? '') };
  } catch {
    return { unreadable: 'the value is not JSON' };
  }
};

const parkedOf = (message: KafkaMessage, reason: string): ParkedEvent => ({
  group: notificationsGroup,
  eventId: header(message.headers, 'event-id') ?? `kafka-offset-${message.offset}`,
  stream: header(message.headers, 'stream-id') ?? 'unknown',
  revision: Number(header(message.headers, 'stream-revision') ?? '-1'),
  type: header(message.headers, 'event-type') ?? 'unknown',
  reason,
  retryCount: 0,
});

/**
 * The notifications role on Kafka: an ordinary consumer group of the public topics. Each record
 * is notified (retried with backoff while SMTP is down, so none is lost), then its offset is
 * committed; a record no e-mail can be built from goes to the dead-letter topic. Redelivery after
 * a crash is harmless: the processed-ids store answers "duplicate". Settles when the signal aborts.
 */
export const runKafkaNotifications = (options: KafkaNotificationsOptions) => {
  const { kafka, logger, signal } = options;
  const consumer: Consumer = kafka.consumer({
    groupId: options.groupId ?? notificationsGroup,
    // A crashed member's partitions move on after this; a live one heartbeats every 3 s even
    // while a batch waits on SMTP, never resolving what it has not sent.
    sessionTimeout: 10_000,
    heartbeatInterval: 3_000,
  });
  const counts = { sent: 0, skipped: 0, duplicate: 0, ignored: 0, parked: 0 };

  const handle = async (message: KafkaMessage): Promise<boolean> => {
    const raw = rawOf(message);
    if ('unreadable' in raw) {
      await options.deadLetters.publish(parkedOf(message, raw.unreadable));
      counts.parked += 1;
      return true;
    }
    try {
      const outcome = await notifyPatiently(options.notify, raw, {
        signal,
        logger,
        ...(options.maxRetryDelayMs === undefined ? {} : { maxDelayMs: options.maxRetryDelayMs }),
      });
      if (outcome === undefined) return false;
      counts[outcome] += 1;
      return true;
    } catch (error) {
      if (!(error instanceof MailNotBuildable)) throw error;
      logger.warn({ err: error, eventId: raw.eventId }, 'no e-mail can be built; parked');
      await options.deadLetters.publish(parkedOf(message, `mail_not_buildable: ${error.message}`));
      counts.parked += 1;
      return true;
    }
  };

  const run = async () => {
    for (let attempt = 0; !signal.aborted; attempt += 1) {
      try {
        await consumer.connect();
        await consumer.subscribe({ topics: [...options.topics], fromBeginning: true });
        await consumer.run({
          // Only resolved offsets are committed, and an offset is resolved once its e-mail and
          // its processed id are done: every second or 100 records, and at a clean stop. What a
          // crash leaves uncommitted comes again and is found in the processed-ids store.
          autoCommit: true,
          autoCommitInterval: 1_000,
          autoCommitThreshold: 100,
          eachBatchAutoResolve: false,
          eachBatch: async (payload) => {
            for (const message of payload.batch.messages) {
              if (!payload.isRunning() || signal.aborted) return;
              const heartbeats = setInterval(() => {
                payload.heartbeat().catch(() => undefined);
              }, 3_000);
              try {
                if (!(await handle(message))) return;
              } finally {
                clearInterval(heartbeats);
              }
              payload.resolveOffset(message.offset);
              await payload.commitOffsetsIfNecessary();
            }
          },
        });
        logger.info({ topics: options.topics }, 'notifications consuming');
        await new Promise<void>((resolve) => {
          if (signal.aborted) resolve();
          signal.addEventListener(
            'abort',
            () => {
              resolve();
            },
            { once: true },
          );
        });
      } catch (error) {
        logger.warn({ err: error, attempt }, 'notifications consumer failed; restarting');
        await consumer.disconnect().catch(() => undefined);
        await sleep(backoffDelay(attempt, 500, 10_000), signal);
      }
    }
    await consumer.disconnect().catch(() => undefined);
  };

  return { done: run(), counts: () => ({ ...counts }) };
};
