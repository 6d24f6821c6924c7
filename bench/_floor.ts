import { randomUUID } from 'node:crypto';
import {
  ANY,
  EventStoreDBClient,
  END,
  jsonEvent,
  NO_STREAM,
  persistentSubscriptionToAllSettingsFromDefaults,
  streamNameFilter,
} from '@eventstore/db-client';
import { childCpu, cpuPerUnit } from './_cpu.ts';

export interface Floor {
  readonly orders: number;
  readonly perSecond: number;
  readonly cpuMsPerOrder: Record<string, number>;
}

// The chain a workflow drives up to confirmation: each delivery causes the next append.
const next: Record<string, { type: string; stream: (order: string, n: number) => string }> = {
  OrderPlaced: { type: 'StockReserved', stream: (_order, n) => `inventory-${n % 3}` },
  StockReserved: { type: 'PaymentAuthorized', stream: (order) => `payment-${order}` },
  PaymentAuthorized: { type: 'OrderConfirmed', stream: (order) => `order-${order}` },
};

/**
 * The floor under the saga: the same appends and deliveries to confirmation, with nothing else.
 * OrderPlaced is appended, a persistent subscription (acks batched) delivers each event to a
 * consumer that appends the next one (StockReserved, PaymentAuthorized, OrderConfirmed) with the
 * metadata every event carries, and a catch-up subscription, as the projections read, sees each.
 * No HTTP, no deciding, no folding, no read model: what is left is the event store's and the
 * client's cost of moving these events, which no implementation of the flow can go below.
 */
export const measureFloor = async (
  connectionString: string,
  { orders = 2_000, concurrency = 64 } = {},
): Promise<Floor> => {
  const run = randomUUID().slice(0, 8);
  const prefix = `floor${run}-`;
  const client = EventStoreDBClient.connectionString(connectionString);
  const group = `floor-${run}`;
  const metadata = (order: string, causation: string) => ({
    $correlationId: order,
    $causationId: causation,
    schemaVersion: 1,
    actor: 'floor',
    occurredAt: new Date().toISOString(),
  });
  await client.createPersistentSubscriptionToAll(
    group,
    persistentSubscriptionToAllSettingsFromDefaults({ startFrom: END }),
    { filter: streamNameFilter({ prefixes: [prefix] }) },
  );
  const confirmed = new Set<string>();
  let allConfirmed: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allConfirmed = resolve));
  const watcher = client.subscribeToAll({
    fromPosition: END,
    filter: streamNameFilter({ prefixes: [prefix] }),
  });
  void (async () => {
    for await (const { event } of watcher) {
      if (event?.type !== 'OrderConfirmed') continue;
      confirmed.add(event.streamId);
      if (confirmed.size === orders) allConfirmed();
    }
  })();
  const consumer = client.subscribeToPersistentSubscriptionToAll(group, { bufferSize: 256 });
  void (async () => {
    for await (const delivered of consumer) {
      const event = delivered.event;
      const step = event === undefined ? undefined : next[event.type];
      if (event !== undefined && step !== undefined) {
        const { order, n } = event.data as { order: string; n: number };
        await client.appendToStream(
          `${prefix}${step.stream(order, n)}`,
          jsonEvent({ type: step.type, data: { order, n }, metadata: metadata(order, event.id) }),
          { expectedRevision: ANY },
        );
      }
      void consumer.ack(delivered);
    }
  })();

  const before = await childCpu((command) =>
    command.includes('eventstore-server') ? 'event store' : 'other',
  );
  const started = performance.now();
  let placed = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (placed < orders) {
        const n = placed++;
        const order = `${run}-${n}`;
        await client.appendToStream(
          `${prefix}order-${order}`,
          jsonEvent({ type: 'OrderPlaced', data: { order, n }, metadata: metadata(order, order) }),
          { expectedRevision: NO_STREAM },
        );
      }
    }),
  );
  await done;
  const seconds = (performance.now() - started) / 1000;
  const after = await childCpu((command) =>
    command.includes('eventstore-server') ? 'event store' : 'other',
  );
  await consumer.unsubscribe();
  await watcher.unsubscribe();
  await client.deletePersistentSubscriptionToAll(group);
  await client.dispose();
  const cpu = cpuPerUnit(before, after, orders);
  return {
    orders,
    perSecond: orders / seconds,
    cpuMsPerOrder: Object.fromEntries(
      Object.entries(cpu)
        .filter(([name]) => name !== 'other')
        .map(([name, ms]) => [name, Math.round(ms * 100) / 100]),
    ),
  };
};
