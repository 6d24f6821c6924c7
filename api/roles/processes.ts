import { join } from 'node:path';
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
import { loadFraudScorer } from '../../processes/fraud/index.ts';
import { createSimulatedPaymentProvider } from '../../processes/ports/simulated-payment-provider.ts';
import { shipToOpener } from '../../processes/fulfilment/ship-to.ts';
import { openPiiVault } from './pii-vault.ts';

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
  reviewTimeoutMs: config.FRAUD_REVIEW_TIMEOUT_MS,
  ...(config.FRAUD_REVIEW_THRESHOLD === undefined
    ? {}
    : { reviewThreshold: config.FRAUD_REVIEW_THRESHOLD }),
});

/**
 * The processes role: the fulfilment saga (a competing consumer of its group, so several
 * processes share the work) and the Kafka bridge (one active, the others on standby).
 */
export const startProcessesRole = async (deps: {
  config: Config;
  store: EventStore;
  aggregates: Aggregates;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
}): Promise<ProcessesRole> => {
  const { config, store, aggregates, clock, metrics } = deps;
  // The newest trained model under DATA_DIR/models/fraud (`npm run train -- fraud`), else rules.
  const riskScorer =
    config.FRAUD_SCORING === 'off'
      ? undefined
      : await loadFraudScorer(join(config.DATA_DIR, 'models', 'fraud'));
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
  // The address an order ships to is sealed under its customer's key: opened only to ship it.
  const pii = await openPiiVault(config);
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
      delayRate: config.CARRIER_DELAY_RATE,
    }),
    clock,
    config: {
      ...fulfilmentConfigOf(config),
      ...(riskScorer === undefined
        ? {}
        : { reviewThreshold: config.FRAUD_REVIEW_THRESHOLD ?? riskScorer.threshold }),
    },
    ...(riskScorer === undefined ? {} : { riskScorer }),
    ...(pii === undefined ? {} : { openShipTo: shipToOpener(pii.vault) }),
    logger,
    metrics,
    signal,
    ...(deadLetters === undefined ? {} : { onParked: (parked) => deadLetters.publish(parked) }),
  });
  logger.info(
    { kafkaBridge: bridge !== undefined, fraudModel: riskScorer?.modelVersion ?? 'off' },
    'processes started',
  );
  return {
    status: () => ({ fulfilment: fulfilment.status(), kafkaBridge: bridge?.status() ?? 'off' }),
    async stop() {
      controller.abort();
      await Promise.all([fulfilment.done, bridge?.done]);
      await deadLetters?.close();
      await pii?.keys.close();
    },
  };
};
