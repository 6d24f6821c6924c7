import type { EventStoreDBClient } from '@eventstore/db-client';
import { runPersistent, type PersistentRunner } from '../../infra/eventstore/persistent-runner.ts';
import type { RecordedDomainEvent } from '../../infra/eventstore/recorded.ts';
import type { RunnerStatus } from '../../infra/eventstore/runner-status.ts';
import { createKafka } from '../../infra/kafka/client.ts';
import type { KafkaSecurity } from '../../infra/kafka/security.ts';
import {
  createDeadLetterPublisher,
  type DeadLetterPublisher,
} from '../../infra/kafka/dead-letter.ts';
import {
  defaultTopics,
  ensureTopicsOnceKafkaAnswers,
  type KafkaTopics,
} from '../../infra/kafka/topics.ts';
import { componentLogger, type Logger } from '../../infra/logger.ts';
import type { Metrics } from '../../infra/metrics.ts';
import { bridgeBufferSize, bridgeGroup, bridgeGroupSettings } from './group.ts';
import { bridgedStreamPrefixes, messageBytes, RecordTooLarge, toBridged } from './mapping.ts';
import { bridgeMetrics } from './metrics.ts';
import { startPipeline, type PipelineStatus, type PipelineTuning } from './pipeline.ts';
import { createTransactionalSession } from './session.ts';
import { storedEventCodec, type StoredEvent } from './stored-codec.ts';

export interface KafkaBridgeOptions {
  readonly client: EventStoreDBClient;
  readonly brokers: string;
  readonly clientId: string;
  /** TLS and SASL for the brokers (kafkaSecurityOf the configuration); none: plaintext. */
  readonly security?: KafkaSecurity;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly signal: AbortSignal;
  /** Fixed per deployment (a second deployment on the same Kafka needs its own); `{clientId}.kafka-bridge`. */
  readonly transactionalId?: string;
  readonly topics?: KafkaTopics;
  readonly group?: string;
  /** Where a new group starts: `start` (default) bridges the whole history. */
  readonly startFrom?: 'start' | 'end';
  /** Where parked events are published; by default a publisher of the bridge's own. */
  readonly deadLetters?: DeadLetterPublisher;
  readonly tuning?: Partial<PipelineTuning>;
  /** Records larger than this are parked rather than offered to Kafka, which would refuse them. */
  readonly maxMessageBytes?: number;
}

export interface KafkaBridgeStatus {
  readonly state: 'starting' | 'running' | 'stopped';
  readonly subscription: RunnerStatus | undefined;
  readonly publishing: PipelineStatus;
}

export interface KafkaBridge {
  status(): KafkaBridgeStatus;
  /** Settles once the signal has aborted and everything is closed. */
  readonly done: Promise<void>;
}

/**
 * The Kafka bridge: consumes the `kafka-bridge` group over every order, inventory and payment
 * event as its one active consumer (others stand by), and publishes each event exactly once, in
 * stream order per key, to its topic in Kafka transactions; an event is acked only once the
 * transaction holding it committed. Parked events go to the dead-letter topic. Creates the
 * topics first, waiting for Kafka if it is not there yet.
 */
export const startKafkaBridge = (options: KafkaBridgeOptions): KafkaBridge => {
  const { signal } = options;
  const log = componentLogger(options.logger, 'kafka-bridge');
  const topics = options.topics ?? defaultTopics;
  const group = options.group ?? bridgeGroup;
  const transactionalId = options.transactionalId ?? `${options.clientId}.kafka-bridge`;
  const maxMessageBytes = options.maxMessageBytes ?? 1_000_000;
  const kafka = createKafka({
    brokers: options.brokers,
    clientId: options.clientId,
    logger: log,
    ...(options.security && { security: options.security }),
  });
  const transactions = createTransactionalSession({
    kafka,
    transactionalId,
    topics,
    logger: log,
    signal,
  });
  const pipeline = startPipeline({
    transactions,
    tuning: options.tuning ?? {},
    metrics: bridgeMetrics(options.metrics),
    logger: log,
    signal,
  });
  const deadLetters =
    options.deadLetters ??
    createDeadLetterPublisher(kafka, {
      topic: topics.deadLetter,
      logger: log,
      metrics: options.metrics,
      signal,
    });
  let state: KafkaBridgeStatus['state'] = 'starting';
  let runner: PersistentRunner | undefined;

  // Called in arrival order; nothing is awaited before the submit, so the queue keeps that order.
  const handle = async (event: RecordedDomainEvent<StoredEvent>) => {
    const bridged = toBridged(event, topics);
    if (bridged === undefined) return;
    const bytes = messageBytes(bridged.message);
    if (bytes > maxMessageBytes) throw new RecordTooLarge(event.id, bytes, maxMessageBytes);
    await pipeline.submit(bridged);
  };

  const done = (async () => {
    const layout = { partitions: options.partitions, replicationFactor: options.replicationFactor };
    await ensureTopicsOnceKafkaAnswers(kafka, topics, layout, log, signal);
    if (!signal.aborted) {
      runner = runPersistent({
        group,
        client: options.client,
        codec: storedEventCodec(),
        source: { kind: 'all', streamPrefixes: bridgedStreamPrefixes },
        settings: bridgeGroupSettings(options.startFrom ?? 'start'),
        handle,
        ordering: 'arrival',
        // Room for every event the server may have in flight, and for its redeliveries.
        concurrency: 2 * bridgeBufferSize,
        bufferSize: bridgeBufferSize,
        onParked: (parked) => deadLetters.publish(parked),
        logger: log,
        metrics: options.metrics,
        signal,
      });
      state = 'running';
      log.info({ group, transactionalId, topics }, 'Kafka bridge started');
      await runner.done;
    }
    await pipeline.done;
    if (options.deadLetters === undefined) {
      await deadLetters.close().catch((error: unknown) => {
        log.warn({ err: error }, 'could not close the dead-letter producer');
      });
    }
    state = 'stopped';
  })();

  return {
    status: () => ({ state, subscription: runner?.status(), publishing: pipeline.status() }),
    done,
  };
};
