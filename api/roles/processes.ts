import type { Config } from '../../infra/config.ts';
import type { EventStore } from '../../infra/eventstore/event-store.ts';
import type { RunnerStatus } from '../../infra/eventstore/runner-status.ts';
import { createKafka } from '../../infra/kafka/client.ts';
import { createDeadLetterPublisher } from '../../infra/kafka/dead-letter.ts';
import { kafkaSecurityOf } from '../../infra/kafka/security.ts';
import { componentLogger, type Logger } from '../../infra/logger.ts';
import type { Metrics } from '../../infra/metrics.ts';
import type { Aggregates } from '../../processes/aggregates.ts';
import { startFulfilment, type FulfilmentConfig } from '../../processes/fulfilment/index.ts';
import { maybeStartKafkaBridge } from '../../processes/kafka-bridge/index.ts';
import type { Clock } from '../../processes/ports/clock.ts';
import { createSimulatedCarrier } from '../../processes/ports/simulated-carrier.ts';
import { createSimulatedPaymentProvider } from '../../processes/ports/simulated-payment-provider.ts';

export interface ProcessesRole {
  status(): { fulfilment: RunnerStatus[]; kafkaBridge: unknown };
  stop(): Promise<void>;
}

export const fulfilmentConfigOf = (config: Config): FulfilmentConfig => ({
  reservationTimeoutMs: config.RESERVATION_TIMEOUT_MS,
  paymentDeclineGraceMs: config.PAYMENT_DECLINE_GRACE_MS,
  shippingMaxAttempts: config.SHIPPING_MAX_ATTEMPTS,
  deliveryDelayMs: config.CARRIER_DELIVERY_DELAY_MS,
  warehouseMs: config.WAREHOUSE_PICK_PACK_MS,
});

/**
 * The processes role: the fulfilment saga (a competing consumer of its group, so several
 * processes share the work) and the Kafka bridge (one active, the others on standby).
 */
export const startProcessesRole = (deps: {
  config: Config;
  store: EventStore;
  aggregates: Aggregates;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
}): ProcessesRole => {
  const { config, store, aggregates, clock, metrics } = deps;
  const controller = new AbortController();
  const { signal } = controller;
  const logger = componentLogger(deps.logger, 'processes');
  const kafka =
    config.KAFKA_BROKERS === undefined
      ? undefined
      : createKafka({
          brokers: config.KAFKA_BROKERS,
          clientId: config.KAFKA_CLIENT_ID,
          logger,
          security: kafkaSecurityOf(config),
        });
  const deadLetters =
    kafka === undefined ? undefined : createDeadLetterPublisher(kafka, { logger, metrics, signal });
  const bridge = maybeStartKafkaBridge(config, {
    client: store.client,
    logger,
    metrics,
    signal,
    ...(deadLetters === undefined ? {} : { deadLetters }),
  });
  const fulfilment = startFulfilment({
    store,
    aggregates,
    provider: createSimulatedPaymentProvider({
      latencyMs: config.PAYMENT_LATENCY_MS,
      declineRate: config.PAYMENT_DECLINE_RATE,
      ...(config.PAYMENT_SIMULATOR_DIR === undefined
        ? {}
        : { settlementsDir: config.PAYMENT_SIMULATOR_DIR }),
    }),
    carrier: createSimulatedCarrier({
      clock,
      deliveryDelayMs: config.CARRIER_DELIVERY_DELAY_MS,
      failureRate: config.CARRIER_FAILURE_RATE,
    }),
    clock,
    config: fulfilmentConfigOf(config),
    logger,
    metrics,
    signal,
    ...(deadLetters === undefined ? {} : { onParked: (parked) => deadLetters.publish(parked) }),
  });
  logger.info({ kafkaBridge: bridge !== undefined }, 'processes started');
  return {
    status: () => ({ fulfilment: fulfilment.status(), kafkaBridge: bridge?.status() ?? 'off' }),
    async stop() {
      controller.abort();
      await Promise.all([fulfilment.done, bridge?.done]);
      await deadLetters?.close();
    },
  };
};
