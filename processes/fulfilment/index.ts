import { START } from '@eventstore/db-client';
import type { PaymentProvider } from '../../domain/payment/provider.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { EventStore } from '../../infra/eventstore/event-store.ts';
import { isMarkedPoison, runPersistent } from '../../infra/eventstore/persistent-runner.ts';
import type { ParkedEvent, PersistentRunner } from '../../infra/eventstore/persistent-runner.ts';
import { sleep } from '../../infra/eventstore/backoff.ts';
import type { RunnerStatus } from '../../infra/eventstore/runner-status.ts';
import { componentLogger } from '../../infra/logger.ts';
import type { Logger } from '../../infra/logger.ts';
import type { Metrics } from '../../infra/metrics.ts';
import type { Aggregates } from '../aggregates.ts';
import type { Carrier } from '../ports/carrier.ts';
import type { Clock } from '../ports/clock.ts';
import { createFraudFeatureFold } from '../fraud/index.ts';
import type { FraudScorer } from '../fraud/index.ts';
import { featuresObserver, riskAssessor } from './risk.ts';
import { startWorkflowFold } from './fold.ts';
import { inputCodec, inputOf, inputStreamPrefixes, orderIdOf } from './inputs.ts';
import { keyOfInput } from './input-key.ts';
import { createOperatorRequests } from './operator.ts';
import type { OperatorRequests } from './operator.ts';
import { defaultPolicy } from './policy.ts';
import type { FulfilmentPolicy } from './policy.ts';
import { createRecordsHandler } from './records.ts';
import { createWorkflowRunner } from './runner.ts';
import { startScheduler } from './scheduler.ts';
import { createSender } from './send.ts';
import type { ShipToOpener } from './ship-to.ts';
import { timersOf } from './timers.ts';
import type { TimerPurpose } from './timers.ts';

export type { FulfilmentPolicy } from './policy.ts';
export type { Inspection, OperatorRequestAccepted, OperatorRequests } from './operator.ts';
export type { Waiting, WaitingFor } from './waiting.ts';
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
  /** WAREHOUSE_PICK_PACK_MS: from confirmation to the hand-over to the carrier (default 0). */
  readonly warehouseMs?: number;
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
  /** FRAUD_REVIEW_THRESHOLD: held for review at or above it (0–100; 101 never holds). */
  readonly reviewThreshold?: number;
  /** FRAUD_REVIEW_TIMEOUT_MS: a held order nobody reviewed is rejected after it. */
  readonly reviewTimeoutMs?: number;
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
  /** Scores each order's fraud risk before it is confirmed; without it, orders are not scored. */
  readonly riskScorer?: FraudScorer;
  /** Opens the sealed address an order ships to (the customers' key store). */
  readonly openShipTo?: ShipToOpener;
}

export type PendingTimer = {
  readonly orderId: string;
  readonly purpose: TimerPurpose;
  readonly dueAt: number;
};

export interface RunningFulfilment extends OperatorRequests {
  /** The input subscription and the workflow's fold. */
  status(): RunnerStatus[];
  /** Settles once the signal aborted and everything has stopped. */
  readonly done: Promise<void>;
  /** Acts on the timers due by the clock now (tests move the clock, then tick). */
  tick(): Promise<number>;
  /** The timers the folded states imply. */
  pendingTimers(): PendingTimer[];
}

// A business refusal cannot get better by retrying: park it.
const isPoison = (error: unknown): boolean => isMarkedPoison(error) || error instanceof DomainError;

const policyOf = (config: FulfilmentConfig, scoring = false): FulfilmentPolicy => ({
  riskScoring: scoring,
  reviewThreshold: config.reviewThreshold ?? defaultPolicy.reviewThreshold,
  reviewTimeoutMs: config.reviewTimeoutMs ?? defaultPolicy.reviewTimeoutMs,
  reservationTimeoutMs: config.reservationTimeoutMs,
  paymentDeclineGraceMs: config.paymentDeclineGraceMs,
  shippingMaxAttempts: config.shippingMaxAttempts,
  deliveryCheckMs: config.deliveryDelayMs,
  warehouseMs: config.warehouseMs ?? defaultPolicy.warehouseMs,
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
  const records = createRecordsHandler({ store: options.store, logger, metrics: options.metrics });
  return createOperatorRequests({
    client: options.store.client,
    records,
    clock: options.clock,
    policy: policyOf(options.config),
  });
};

const waitingStatus = (name: string): RunnerStatus => ({
  name,
  state: 'starting',
  position: undefined,
  handled: 0,
  poison: 0,
  lastError: undefined,
});

/** How long an input waits for the fold to reach it before it is retried. */
const foldWaitMs = 20_000;

/** Starts the order fulfilment workflow: its fold, its input subscription, its timers. */
export const startFulfilment = (options: FulfilmentOptions): RunningFulfilment => {
  const { store, aggregates, provider, carrier, clock, config, metrics, signal } = options;
  const logger = componentLogger(options.logger, 'fulfilment');
  const { riskScorer } = options;
  const policy = policyOf(config, riskScorer !== undefined);
  const records = createRecordsHandler({ store, logger, metrics });
  const features = riskScorer === undefined ? undefined : createFraudFeatureFold();
  const fold = startWorkflowFold({
    client: store.client,
    policy,
    ...(features === undefined ? {} : { observe: featuresObserver(features) }),
    ...(config.idPrefix === undefined ? {} : { idPrefix: config.idPrefix }),
    logger,
    metrics,
    signal,
  });
  const assessRisk =
    riskScorer === undefined || features === undefined
      ? undefined
      : riskAssessor(features, riskScorer, policy.reviewThreshold, metrics);
  const send = createSender({
    aggregates,
    records,
    provider,
    carrier,
    logger,
    ...(assessRisk === undefined ? {} : { assessRisk }),
    ...(options.openShipTo === undefined ? {} : { openShipTo: options.openShipTo }),
  });
  const runner = createWorkflowRunner({ fold, send, policy, clock, logger, metrics });

  // Inputs are decided on the folded state: the subscription starts once the fold has caught up
  // with the log, so no input waits (and times out) behind a fold replaying it after a restart.
  const startInputs = () =>
    runPersistent({
      group: config.group ?? 'fulfilment',
      client: store.client,
      codec: inputCodec,
      source: { kind: 'all', streamPrefixes: inputStreamPrefixes(config.idPrefix) },
      settings: {
        startFrom: START,
        maxRetryCount: config.maxRetryCount ?? 5,
        messageTimeout: config.messageTimeoutMs ?? 30_000,
        consumerStrategyName: config.consumerStrategy ?? 'RoundRobin',
      },
      handle: async (recorded) => {
        const orderId = orderIdOf(recorded);
        if (orderId === undefined) {
          logger.warn({ eventId: recorded.id, stream: recorded.stream }, 'input names no order');
          return;
        }
        if (recorded.position !== undefined) await fold.reach(recorded.position, foldWaitMs);
        // No position to wait for, and the fold has not seen the order: retried, not dropped.
        else if (fold.state(orderId).stage === 'unstarted' && !fold.isCompleted(orderId))
          throw new Error(`order ${orderId} is not folded yet`);
        await runner.run(orderId, inputOf(recorded));
      },
      isPoison,
      concurrency: config.concurrency ?? 32,
      keyOf: keyOfInput,
      ...(options.onParked === undefined ? {} : { onParked: options.onParked }),
      logger,
      metrics,
      signal,
    });
  let inputs: PersistentRunner | undefined;
  const inputsDone = (async () => {
    while (!signal.aborted && fold.status().state !== 'live') await sleep(20, signal);
    if (signal.aborted) return;
    inputs = startInputs();
    await inputs.done;
  })();
  const scheduler = startScheduler({
    fold,
    runner,
    clock,
    intervalMs: config.timerIntervalMs ?? 250,
    logger,
    metrics,
    signal,
  });

  return {
    ...createOperatorRequests({ client: store.client, records, clock, policy }),
    status: () => [inputs?.status() ?? waitingStatus(config.group ?? 'fulfilment'), fold.status()],
    done: Promise.all([inputsDone, fold.done, scheduler.done]).then(() => undefined),
    tick: () => scheduler.tick(),
    pendingTimers: () =>
      fold.due(Number.POSITIVE_INFINITY).flatMap(({ orderId }) => {
        const state = fold.state(orderId);
        if (state.stage === 'unstarted') return [];
        return timersOf(state, policy).map(({ purpose, dueAt }) => ({ orderId, purpose, dueAt }));
      }),
  };
};
