import { inventoryEvents, inventoryStream, stockLevel, type Inventory } from '../domain/index.ts';
import { inventoryDecider } from '../domain/inventory/index.ts';
import { connectEventStore, type EventStore } from '../infra/eventstore/event-store.ts';
import { silentLogger } from '../infra/logger.ts';
import { createMetrics } from '../infra/metrics.ts';
import { createAggregates } from '../processes/aggregates.ts';
import { eventStoreForBench } from './_eventstore-process.ts';
import { printFigures } from './_report.ts';

// `npm run bench -- flash-sale [--buyers 10000] [--stock 100]`: that many concurrent ReserveStock
// commands on one sku holding `stock` units, through the command handler against the embedded
// event store (durable, in its own process), with group commit on and then off.
const argument = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(`--${name}`);
  const value = index === -1 ? undefined : Number(process.argv[index + 1]);
  return value !== undefined && Number.isInteger(value) && value > 0 ? value : fallback;
};
const buyers = argument('buyers', 10_000);
const stock = argument('stock', 100);

const actor = { id: 'flash-sale-bench', roles: ['process'] as const };
const context = (commandId: string) => ({
  commandId,
  correlationId: commandId,
  causationId: 'bench',
  actor: actor.id,
  now: new Date(),
});

/** Folds the stream event by event: the lowest availability ever seen, and the end state. */
const audit = async (store: EventStore, sku: string) => {
  const { events } = await store.readStream(inventoryStream(sku), inventoryEvents);
  let state: Inventory = inventoryDecider.initialState;
  let lowest = Number.POSITIVE_INFINITY;
  for (const { event } of events) {
    state = inventoryDecider.evolve(state, event);
    lowest = Math.min(lowest, stockLevel(sku, state).available);
  }
  return { lowest, level: stockLevel(sku, state) };
};

const run = async (store: EventStore, label: string, maxBatch: number) => {
  const sku = `FLASH-${label}-${Date.now()}`;
  const aggregates = createAggregates({
    store,
    logger: silentLogger(),
    metrics: createMetrics({ defaultMetrics: false }),
    maxBatch,
  });
  const stream = inventoryStream(sku);
  await aggregates.inventory.handle(
    stream,
    { type: 'Restock', data: { sku, quantity: stock }, metadata: { now: new Date(), actor } },
    context(`restock-${sku}`),
  );
  const before = aggregates.inventory.stats();
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: buyers }, (_, i) =>
      aggregates.inventory.handle(
        stream,
        {
          type: 'ReserveStock',
          data: { sku, orderId: `order-${i}`, quantity: 1 },
          metadata: { now: new Date(), actor },
        },
        context(`${sku}-${i}`),
      ),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const outcome = (type: string) => results.filter((r) => r.events[0]?.type === type).length;
  const { lowest, level } = await audit(store, sku);
  return {
    label,
    seconds,
    appends: aggregates.inventory.stats().appends - before.appends,
    reads: aggregates.inventory.stats().reads - before.reads,
    conflicts: aggregates.inventory.stats().conflicts,
    reserved: outcome('StockReserved'),
    rejected: outcome('StockReservationRejected'),
    lowest,
    level,
  };
};

const server = await eventStoreForBench();
const store = connectEventStore(server.connectionString);
try {
  const grouped = await run(store, 'group-commit', 500);
  const single = await run(store, 'one-per-append', 1);
  for (const result of [grouped, single]) {
    console.log(
      `${result.label}: ${result.reserved} reserved, ${result.rejected} rejected, ${result.appends} appends, ${result.reads} stream reads, ` +
        `${result.conflicts} conflicts, ${result.seconds.toFixed(2)} s; stock on hand ${result.level.onHand}, ` +
        `reserved ${result.level.reserved}, lowest availability ever ${result.lowest}`,
    );
    const exact =
      result.reserved === stock &&
      result.rejected === buyers - stock &&
      result.level.reserved === stock &&
      result.lowest >= 0;
    if (!exact) {
      console.error(
        `${result.label}: the sale did not end exactly (expected ${stock} reserved, ${buyers - stock} rejected, never negative)`,
      );
      process.exitCode = 1;
    }
  }
  printFigures(
    `flash sale: ${buyers.toLocaleString('en-US')} concurrent ReserveStock on one sku holding ${stock}`,
    [
      {
        name: 'appends, group commit',
        value: grouped.appends,
        unit: 'appends',
        baseline: { name: 'one command per append', value: single.appends },
        target: { atMost: 200 },
      },
      {
        name: 'wall time, group commit',
        value: grouped.seconds,
        unit: 's',
        baseline: { name: 'one command per append', value: single.seconds },
        target: { atMost: 3 },
      },
      {
        name: 'commands/s, group commit',
        value: buyers / grouped.seconds,
        unit: 'commands/s',
        baseline: { name: 'one command per append', value: buyers / single.seconds },
      },
    ],
  );
} finally {
  await store.close();
  await server.stop();
}
