import { join } from 'node:path';
import type { Config } from '../../infra/config.ts';
import type { EventStore } from '../../infra/eventstore/event-store.ts';
import { createKafka } from '../../infra/kafka/client.ts';
import { createDeadLetterPublisher } from '../../infra/kafka/dead-letter.ts';
import { kafkaSecurityOf } from '../../infra/kafka/security.ts';
import { defaultTopics, type KafkaTopics } from '../../infra/kafka/topics.ts';
import { componentLogger, type Logger } from '../../infra/logger.ts';
import type { Metrics } from '../../infra/metrics.ts';
import type { PiiKeyStore } from '../../infra/pii/key-store.ts';
import type { PiiVault } from '../../infra/pii/vault.ts';
import type { Aggregates } from '../../processes/aggregates.ts';
import { runInProcessNotifications } from '../../processes/notifications/in-process.ts';
import { runKafkaNotifications } from '../../processes/notifications/kafka-consumer.ts';
import { fileMailbox, type Mailbox } from '../../processes/notifications/mailbox.ts';
import { createNotifier } from '../../processes/notifications/notifier.ts';
import type { ProcessedIds } from '../../processes/notifications/processed-ids.ts';
import { fileProcessedIds } from '../../processes/notifications/processed-ids-file.ts';
import { connectMongoProcessedIds } from '../../processes/notifications/processed-ids-mongo.ts';
import { storeLookup } from '../../processes/notifications/recipients.ts';
import { smtpSender } from '../../processes/notifications/smtp-sender.ts';
import type { Clock } from '../../processes/ports/clock.ts';
import { openPiiVault } from './pii-vault.ts';

export interface NotificationsRole {
  /** Set when mails go to the local mailbox (no SMTP_URL): what `/api/mailbox` shows. */
  readonly mailbox: Mailbox | undefined;
  readonly processed: ProcessedIds;
  status(): { source: 'kafka' | 'log'; sender: 'smtp' | 'mailbox' };
  stop(): Promise<void>;
}

const vaultOf = async (config: Config): Promise<{ vault: PiiVault; keys: PiiKeyStore }> => {
  const opened = await openPiiVault(config);
  if (opened === undefined)
    throw new Error('notifications need PII_SECRET (or JWT_SECRET) to open customers’ e-mails');
  return opened;
};

/**
 * The notifications role. Source: Kafka's public topics when KAFKA_BROKERS is set, else the log
 * in this process. Sender: SMTP when SMTP_URL is set, else the mailbox in DATA_DIR. Processed
 * ids: MongoDB when MONGODB_URL is set, else a file in DATA_DIR.
 */
export const startNotificationsRole = async (deps: {
  config: Config;
  store: EventStore;
  aggregates: Aggregates;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  /** Tests use topics and a consumer group of their own; production the defaults. */
  topics?: KafkaTopics;
  groupId?: string;
}): Promise<NotificationsRole> => {
  const { config, metrics } = deps;
  const logger = componentLogger(deps.logger, 'notifications');
  const now = () => deps.clock.now();
  const controller = new AbortController();
  const { signal } = controller;
  const { vault, keys } = await vaultOf(config);
  const processed =
    config.MONGODB_URL === undefined
      ? await fileProcessedIds(join(config.DATA_DIR, 'notifications', 'processed.jsonl'))
      : await connectMongoProcessedIds({
          url: config.MONGODB_URL,
          database: config.MONGODB_DATABASE,
        });
  const mailbox =
    config.SMTP_URL === undefined
      ? await fileMailbox({
          file: join(config.DATA_DIR, 'notifications', 'mailbox.jsonl'),
          vault,
          now,
        })
      : undefined;
  const sender = mailbox ?? smtpSender({ url: config.SMTP_URL ?? '', from: config.MAIL_FROM });
  const notify = createNotifier({
    processed,
    sender,
    lookup: storeLookup({
      store: deps.store,
      orders: deps.aggregates.orders,
      vault,
      logger,
      metrics,
    }),
    logger,
    now,
  });
  const kafka =
    config.KAFKA_BROKERS === undefined
      ? undefined
      : createKafka({
          brokers: config.KAFKA_BROKERS,
          clientId: `${config.KAFKA_CLIENT_ID}.notifications`,
          logger,
          security: kafkaSecurityOf(config),
        });
  const topics = deps.topics ?? defaultTopics;
  const deadLetters =
    kafka === undefined
      ? undefined
      : createDeadLetterPublisher(kafka, { topic: topics.deadLetter, logger, metrics, signal });
  const running =
    kafka === undefined || deadLetters === undefined
      ? runInProcessNotifications({ client: deps.store.client, notify, logger, metrics, signal })
      : runKafkaNotifications({
          kafka,
          topics: [topics.orders, topics.payments],
          notify,
          deadLetters: { publish: (parked) => deadLetters.publish(parked) },
          ...(deps.groupId === undefined ? {} : { groupId: deps.groupId }),
          logger,
          signal,
        });
  const status = {
    source: kafka === undefined ? ('log' as const) : ('kafka' as const),
    sender: mailbox === undefined ? ('smtp' as const) : ('mailbox' as const),
  };
  logger.info(status, 'notifications started');
  return {
    mailbox,
    processed,
    status: () => status,
    async stop() {
      controller.abort();
      await running.done;
      await deadLetters?.close();
      await sender.close();
      await processed.close();
      await keys.close();
    },
  };
};
