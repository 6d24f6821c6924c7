// Test support only: one processes process of the workflow (its own fold, runner, aggregates and
// simulated ports) whose inputs the test hands it, so that a test chooses which of two competing
// consumers decides each input, in which order.
import { domainEvents } from '../../../domain/events.ts';
import type { DomainEvent } from '../../../domain/events.ts';
import type { StockRestocked } from '../../../domain/inventory/events.ts';
import { connectEventStore } from '../../../infra/eventstore/event-store.ts';
import type { RecordedDomainEvent } from '../../../infra/eventstore/recorded.ts';
import { silentLogger } from '../../../infra/logger.ts';
import { createMetrics } from '../../../infra/metrics.ts';
import { createAggregates } from '../../aggregates.ts';
import { systemClock } from '../../ports/clock.ts';
import { createSimulatedCarrier } from '../../ports/simulated-carrier.ts';
import { createSimulatedPaymentProvider } from '../../ports/simulated-payment-provider.ts';
import { startWorkflowFold } from '../fold.ts';
import { defaultPolicy } from '../policy.ts';
import { createRecordsHandler } from '../records.ts';
import { createWorkflowRunner } from '../runner.ts';
import { createSender } from '../send.ts';

type Recorded = RecordedDomainEvent;
const isFolded = (
  recorded: Recorded,
): recorded is RecordedDomainEvent<Exclude<DomainEvent, StockRestocked>> =>
  recorded.event.type !== 'StockRestocked';

/** The events of `streams` that name `orderId`, in log order. */
export const eventsOf = async (
  url: string,
  orderId: string,
  streams: readonly string[],
): Promise<Recorded[]> => {
  const store = connectEventStore(url);
  try {
    const reads = await Promise.all(streams.map((s) => store.readStream(s, domainEvents)));
    return reads
      .flatMap((read) => read.events)
      .filter(
        (recorded) => 'orderId' in recorded.event.data && recorded.event.data.orderId === orderId,
      )
      .sort((a, b) => ((a.position?.commit ?? 0n) < (b.position?.commit ?? 0n) ? -1 : 1));
  } finally {
    await store.close();
  }
};

/** A processes process on the event store at `url`, seeing only ids that start with `idPrefix`. */
export const startCompetingProcess = (url: string, idPrefix: string) => {
  const controller = new AbortController();
  const store = connectEventStore(url);
  const logger = silentLogger();
  const metrics = createMetrics({ defaultMetrics: false });
  const aggregates = createAggregates({ store, logger, metrics });
  const provider = createSimulatedPaymentProvider();
  const carrier = createSimulatedCarrier({ clock: systemClock, deliveryDelayMs: 0 });
  const records = createRecordsHandler({ store, logger, metrics });
  const policy = defaultPolicy;
  const signal = controller.signal;
  const fold = startWorkflowFold({
    client: store.client,
    policy,
    idPrefix,
    logger,
    metrics,
    signal,
  });
  const send = createSender({ aggregates, records, provider, carrier, logger });
  const runner = createWorkflowRunner({ fold, send, policy, clock: systemClock, logger, metrics });

  return {
    provider,
    fold,
    /** Decides `recorded` as the subscription would: once the fold has reached it. */
    deliver: async (orderId: string, recorded: Recorded): Promise<number> => {
      if (!isFolded(recorded)) return 0;
      if (recorded.position !== undefined) await fold.reach(recorded.position, 10_000);
      const { id, event } = recorded;
      return runner.run(orderId, { kind: 'event', id, at: recorded.metadata.occurredAt, event });
    },
    stop: async () => {
      controller.abort();
      await fold.done;
      await store.close();
    },
  };
};
