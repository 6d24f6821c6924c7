import { START } from '@eventstore/db-client';
import type { PaymentProvider } from '../../domain/payment/provider.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { EventStore } from '../../infra/eventstore/event-store.ts';
import { isMarkedPoison, runPersistent } from '../../infra/eventstore/persistent-runner.ts';
import type { ParkedEvent } from '../../infra/eventstore/persistent-runner.ts';
import type { RunnerStatus } from '../../infra/eventstore/runner-status.ts';
import { componentLogger } from '../../infra/logger.ts';
import type { Logger } from '../../infra/logger.ts';
import type { Metrics } from '../../infra/metrics.ts';
import type { Aggregates } from '../aggregates.ts';
import type { Carrier } from '../ports/carrier.ts';
import type { Clock } from '../ports/clock.ts';
import { createDispatcher } from './dispatch.ts';
import { createInputHandler } from './handler.ts';
import { inputCodec, inputStreamPrefixes } from './inputs.ts';
import { keyOfInput } from './input-key.ts';
import { createOperatorRequests } from './operator.ts';
import type { OperatorRequests } from './operator.ts';
import { defaultPolicy } from './policy.ts';
import type { FulfilmentPolicy } from './policy.ts';
import { createSagaCommandHandler } from './saga-handler.ts';
import { startScheduler } from './scheduler.ts';
import type { PendingTimer } from './scheduler.ts';

export type { FulfilmentPolicy } from './policy.ts';
export type { OperatorRequestAccepted, OperatorRequests } from './operator.ts';
export * from './errors.ts';

export type FulfilmentConfig = {
  /** RESERVATION_TIMEOUT_MS */
  readonly reservationTimeoutMs: number;
  /** PAYMENT_DECLINE_GRACE_MS */
  readonly paymentDeclineGraceMs: number;
  /** SHIPPING_MAX_ATTEMPTS */
  readonly shippingMaxAttempts: number;
  /** CARRIER_DELIVERY_DELAY_MS: the first delivery check comes this long after shipping. */
  readonly deliveryDelayMs: number;
  readonly shippingRetryBaseMs?: number;
  readonly deliveryRecheckMs?: number;
  /** The persistent subscription group; competing consumers share it. */
  readonly group?: string;
  /** Inputs handled at once; one order's inputs stay in order (keyed by its correlation id). */
  readonly concurrency?: number;
  /** Retries of a failing input before it is parked. */
  readonly maxRetryCount?: number;
  readonly messageTimeoutMs?: number;
  /** 'RoundRobin' (the default) works everywhere; KurrentDB also offers 'PinnedByCorrelation'. */
  readonly consumerStrategy?: string;
  /** How often due timers are fired; 0: only by `tick()`. */
  readonly timerIntervalMs?: number;
  /** Only orders (and skus) whose ids start with it: lets tests share one event store. */
  readonly idPrefix?: string;
};

export interface FulfilmentOptions {
  readonly store: EventStore;
  readonly aggregates: Aggregates;
  readonly provider: PaymentProvider;
  readonly carrier: Carrier;
  readonly clock: Clock;
  readonly config: FulfilmentConfig;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly signal: AbortSignal;
  /** Told of every input parked after its retries (the Kafka bridge publishes it). */
  readonly onParked?: (parked: ParkedEvent) => Promise<void>;
}

export interface RunningFulfilment extends OperatorRequests {
  /** The input subscription and the timer scheduler. */
  status(): RunnerStatus[];
  /** Settles once the signal aborted and both have stopped. */
  readonly done: Promise<void>;
  /** Fires the timers due by the clock now (tests move the clock, then tick). */
  tick(): Promise<number>;
  pendingTimers(): PendingTimer[];
}

// A business refusal from the saga's own decider cannot get better by retrying: park it.
const isPoison = (error: unknown): boolean => isMarkedPoison(error) || error instanceof DomainError;

const policyOf = (config: FulfilmentConfig): FulfilmentPolicy => ({
  reservationTimeoutMs: config.reservationTimeoutMs,
  paymentDeclineGraceMs: config.paymentDeclineGraceMs,
  shippingMaxAttempts: config.shippingMaxAttempts,
  deliveryCheckMs: config.deliveryDelayMs,
  shippingRetryBaseMs: config.shippingRetryBaseMs ?? defaultPolicy.shippingRetryBaseMs,
  deliveryRecheckMs: config.deliveryRecheckMs ?? defaultPolicy.deliveryRecheckMs,
});

/**
 * Operators' requests to the saga without running it: for an API process, whose requests the
 * processes (wherever they run) carry out as inputs.
 */
export const createFulfilmentOperator = (
  options: Pick<FulfilmentOptions, 'store' | 'clock' | 'config' | 'logger' | 'metrics'>,
): OperatorRequests => {
  const logger = componentLogger(options.logger, 'fulfilment');
  const saga = createSagaCommandHandler({
    store: options.store,
    policy: policyOf(options.config),
    logger,
    metrics: options.metrics,
  });
  return createOperatorRequests({ saga, clock: options.clock });
};

/** Starts the order fulfilment saga: its input subscription, its timers, its operator requests. */
export const startFulfilment = (options: FulfilmentOptions): RunningFulfilment => {
  const { store, aggregates, provider, carrier, clock, config, metrics, signal } = options;
  const logger = componentLogger(options.logger, 'fulfilment');
  const saga = createSagaCommandHandler({ store, policy: policyOf(config), logger, metrics });
  const dispatcher = createDispatcher({
    aggregates,
    provider,
    carrier,
    saga,
    clock,
    logger,
    metrics,
  });
  const { handle } = createInputHandler({ store, saga, dispatcher, clock, logger, metrics });
  const group = config.group ?? 'fulfilment';

  const inputs = runPersistent({
    group,
    client: store.client,
    codec: inputCodec,
    source: { kind: 'all', streamPrefixes: inputStreamPrefixes(config.idPrefix) },
    settings: {
      startFrom: START,
      maxRetryCount: config.maxRetryCount ?? 5,
      messageTimeout: config.messageTimeoutMs ?? 30_000,
      consumerStrategyName: config.consumerStrategy ?? 'RoundRobin',
    },
    handle,
    isPoison,
    concurrency: config.concurrency ?? 32,
    keyOf: keyOfInput,
    ...(options.onParked === undefined ? {} : { onParked: options.onParked }),
    logger,
    metrics,
    signal,
  });
  const scheduler = startScheduler({
    client: store.client,
    saga,
    clock,
    ...(config.idPrefix === undefined ? {} : { idPrefix: config.idPrefix }),
    intervalMs: config.timerIntervalMs ?? 250,
    logger,
    metrics,
    signal,
  });

  return {
    ...createOperatorRequests({ saga, clock }),
    status: () => [inputs.status(), scheduler.status()],
    done: Promise.all([inputs.done, scheduler.done]).then(() => undefined),
    tick: () => scheduler.tick(),
    pendingTimers: () => scheduler.pending(),
  };
};
