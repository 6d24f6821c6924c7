// Test support only: a saga on the test event store, with its own order and sku ids.
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../domain/shared/command.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { stockLevel } from '../../domain/inventory/state.ts';
import { inventoryStream, orderStream, paymentStream } from '../../domain/streams.ts';
import { connectEventStore } from '../../infra/eventstore/event-store.ts';
import type { EventStore } from '../../infra/eventstore/event-store.ts';
import { silentLogger } from '../../infra/logger.ts';
import { createMetrics } from '../../infra/metrics.ts';
import { createAggregates } from '../aggregates.ts';
import type { Aggregates } from '../aggregates.ts';
import { systemClock } from '../ports/clock.ts';
import type { Clock } from '../ports/clock.ts';
import type { ParkedEvent } from '../../infra/eventstore/persistent-runner.ts';
import { createSimulatedCarrier } from '../ports/simulated-carrier.ts';
import { createSimulatedPaymentProvider } from '../ports/simulated-payment-provider.ts';
import { startFulfilment } from './index.ts';
import type { FulfilmentConfig, RunningFulfilment } from './index.ts';

export const customerOf = (orderId: string): Actor => ({
  id: `cust-${orderId}`,
  roles: ['customer'],
});
const operatorActor: Actor = { id: 'op-1', roles: ['operator'] };
const context = (correlationId: string, actor: string, now: Date) => ({
  commandId: randomUUID(),
  correlationId,
  causationId: `test-${randomUUID()}`,
  actor,
  now,
});

export const testConfig: FulfilmentConfig = {
  reservationTimeoutMs: 10 * 60_000,
  paymentDeclineGraceMs: 0,
  shippingMaxAttempts: 3,
  deliveryDelayMs: 0,
  shippingRetryBaseMs: 20,
  deliveryRecheckMs: 50,
  timerIntervalMs: 25,
  maxRetryCount: 5,
};

export type SagaWorld = Awaited<ReturnType<typeof createWorld>>;

/**
 * The store, aggregates and simulated ports for one test, and ids that are only its own. The
 * carrier delivers `carrierDelayMs` after shipping (more for a parcel it delays).
 */
export const createWorld = (url: string, clock: Clock = systemClock, carrierDelayMs = 0) => {
  const prefix = `t${randomUUID().slice(0, 8)}-`;
  const store: EventStore = connectEventStore(url);
  const logger = silentLogger();
  const metrics = createMetrics({ defaultMetrics: false });
  const aggregates: Aggregates = createAggregates({ store, logger, metrics });
  const provider = createSimulatedPaymentProvider();
  const carrier = createSimulatedCarrier({ clock, deliveryDelayMs: carrierDelayMs });
  const runs: { controller: AbortController; running: RunningFulfilment }[] = [];

  const start = (
    config: Partial<FulfilmentConfig> = {},
    onParked?: (parked: ParkedEvent) => Promise<void>,
  ): RunningFulfilment => {
    const controller = new AbortController();
    const running = startFulfilment({
      store,
      aggregates,
      provider,
      carrier,
      clock,
      config: { ...testConfig, group: `fulfilment-${prefix}`, idPrefix: prefix, ...config },
      logger,
      metrics,
      signal: controller.signal,
      ...(onParked === undefined ? {} : { onParked }),
    });
    runs.push({ controller, running });
    return running;
  };

  /** Stops the latest saga runner, as a crash or a deploy would. */
  const stopLatest = async () => {
    const run = runs.pop();
    if (run === undefined) return;
    run.controller.abort();
    await run.running.done;
  };

  return {
    prefix,
    store,
    aggregates,
    provider,
    carrier,
    metrics,
    start,
    stopLatest,
    /** The saga runner started last. */
    latest: (): RunningFulfilment => {
      const run = runs.at(-1);
      if (run === undefined) throw new Error('no saga runner started');
      return run.running;
    },
    sku: (name: string) => `${prefix}${name}`,
    orderId: (name: string) => `${prefix}${name}`,
    restock: async (sku: string, quantity: number) => {
      const command = {
        type: 'Restock' as const,
        data: { sku, quantity },
        metadata: { now: clock.now(), actor: operatorActor },
      };
      await aggregates.inventory.handle(
        inventoryStream(sku),
        command,
        context(`restock-${sku}`, operatorActor.id, clock.now()),
      );
    },
    place: async (
      orderId: string,
      lines: readonly { sku: string; quantity: number; unitPrice: number }[],
    ) => {
      const actor = customerOf(orderId);
      const data = {
        orderId,
        customerId: actor.id,
        lines: lines.map(({ sku, quantity, unitPrice }) => ({
          sku,
          name: sku,
          quantity,
          unitPrice: { amount: unitPrice, currency: 'EUR' },
        })),
      };
      await aggregates.orders.handle(
        orderStream(orderId),
        { type: 'PlaceOrder', data, metadata: { now: clock.now(), actor } },
        context(orderId, actor.id, clock.now()),
      );
    },
    /** The customer cancels; false when the order refused (shipped, rejected…). */
    cancel: async (orderId: string): Promise<boolean> => {
      const actor = customerOf(orderId);
      const command = {
        type: 'CancelOrder' as const,
        data: { orderId, reason: 'changed my mind' },
        metadata: { now: clock.now(), actor },
      };
      try {
        await aggregates.orders.handle(
          orderStream(orderId),
          command,
          context(orderId, actor.id, clock.now()),
        );
        return true;
      } catch (error) {
        if (error instanceof DomainError) return false;
        throw error;
      }
    },
    order: async (orderId: string) => (await aggregates.orders.load(orderStream(orderId))).state,
    payment: async (orderId: string) =>
      (await aggregates.payments.load(paymentStream(orderId))).state,
    stock: async (sku: string) =>
      stockLevel(sku, (await aggregates.inventory.load(inventoryStream(sku))).state),
    close: async () => {
      while (runs.length > 0) await stopLatest();
      await store.close();
    },
  };
};

/** Polls until `check` holds, or fails with what `describe` says after `timeoutMs`. */
export const eventually = async (
  check: () => Promise<boolean>,
  describe: () => Promise<string>,
  timeoutMs = 45_000,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gave up waiting: ${await describe()}`);
};
