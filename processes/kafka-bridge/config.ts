import type { Config } from '../../infra/config.ts';
import { kafkaSecurityOf, type KafkaSecuritySettings } from '../../infra/kafka/security.ts';
import { componentLogger, type Logger } from '../../infra/logger.ts';
import { startKafkaBridge, type KafkaBridge, type KafkaBridgeOptions } from './bridge.ts';

/** Says that the bridge is off; call it once, where the bridge would have started. */
export const describeBridgeOff = (logger: Logger): void => {
  componentLogger(logger, 'kafka-bridge').info('Kafka bridge is off: KAFKA_BROKERS is not set');
};

type BridgeConfig = Pick<
  Config,
  | 'KAFKA_BROKERS'
  | 'KAFKA_CLIENT_ID'
  | 'KAFKA_TOPIC_PARTITIONS'
  | 'KAFKA_REPLICATION_FACTOR'
  | 'KAFKA_BRIDGE_LINGER_MS'
  | 'KAFKA_BRIDGE_MAX_BATCH'
> &
  KafkaSecuritySettings;

/** Starts the bridge from the configuration, or says it is off and returns undefined. */
export const maybeStartKafkaBridge = (
  config: BridgeConfig,
  dependencies: Pick<
    KafkaBridgeOptions,
    'client' | 'logger' | 'metrics' | 'signal' | 'deadLetters'
  >,
): KafkaBridge | undefined => {
  if (config.KAFKA_BROKERS === undefined) {
    describeBridgeOff(dependencies.logger);
    return undefined;
  }
  return startKafkaBridge({
    ...dependencies,
    brokers: config.KAFKA_BROKERS,
    clientId: config.KAFKA_CLIENT_ID,
    security: kafkaSecurityOf(config),
    partitions: config.KAFKA_TOPIC_PARTITIONS,
    replicationFactor: config.KAFKA_REPLICATION_FACTOR,
    // A longer linger fills larger transactions (fewer commits per event) at the cost of latency.
    tuning: { lingerMs: config.KAFKA_BRIDGE_LINGER_MS, maxBatch: config.KAFKA_BRIDGE_MAX_BATCH },
  });
};
