import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { productStream } from '../domain/index.ts';
import { connectEventStore, type EventStore } from '../infra/eventstore/event-store.ts';
import { silentLogger } from '../infra/logger.ts';
import { createMetrics } from '../infra/metrics.ts';
import { createMemoryChangeFeed } from '../infra/readmodels/change-feed.ts';
import { createMemoryStore } from '../infra/readmodels/memory-store.ts';
import { serverUrl } from '../infra/test-servers/use-server.ts';
import { createAggregates } from '../processes/aggregates.ts';
import { catalogProducts } from '../projections/catalog/index.ts';
import { startProjections, type ProjectionsRuntime } from '../projections/manager.ts';
import { createReadModels } from '../projections/read-models.ts';
import { createCatalog, createProductCommands, type Catalog } from './catalog.ts';
import { projectionCodec } from './roles/projections.ts';

// The API's catalog: the `catalog` read model in memory, fed by the change feed, with the
// product streams behind it for what it has not seen.
const prefix = randomUUID().slice(0, 8);
const sku = (name: string) => `${prefix}-${name}`;
const eur = (amount: number) => ({ amount, currency: 'EUR' });
const logger = silentLogger();
const metrics = () => createMetrics({ defaultMetrics: false });
const feed = createMemoryChangeFeed();

let store: EventStore;
let runtime: ProjectionsRuntime;
let catalog: Catalog;
const commandsOf = () => createProductCommands({ store, logger, metrics: metrics() });
const metadata = { now: new Date(), actor: { id: 'op-1', roles: ['operator' as const] } };
const context = () => ({
  commandId: randomUUID(),
  correlationId: 'catalog-test',
  causationId: 'catalog-test',
  actor: 'op-1',
  now: new Date(),
});
const add = (commands: ReturnType<typeof commandsOf>, id: string, amount: number) =>
  commands.handle(
    productStream(id),
    {
      type: 'AddProduct',
      data: {
        sku: id,
        name: `Tea ${id}`,
        category: 'Tea',
        description: 'Loose',
        unitPrice: eur(amount),
      },
      metadata,
    },
    context(),
  );

beforeAll(async () => {
  store = connectEventStore(serverUrl('eventstore'));
  const commands = commandsOf();
  await add(commands, sku('10'), 300);
  await add(commands, sku('2'), 200);
  const readStore = createMemoryStore();
  runtime = startProjections({
    store: readStore,
    client: store.client,
    codec: projectionCodec,
    feed,
    projections: [catalogProducts],
    idPrefix: prefix,
    head: () => store.headPosition(),
    logger,
    metrics: metrics(),
    tickMs: 20,
  });
  await runtime.caughtUp();
  catalog = createCatalog({
    readModels: createReadModels(readStore),
    feed,
    commands,
    aggregates: createAggregates({ store, logger, metrics: metrics() }),
  });
  await catalog.start();
});
afterAll(async () => {
  catalog.stop();
  await runtime.stop();
  await store.close();
});

describe('the catalog the API reads', () => {
  it('given products in the read model at start, then it holds them in sku order', () => {
    expect(catalog.products().map((p) => p.sku)).toEqual([sku('2'), sku('10')]);
    expect(catalog.find(sku('2'))).toMatchObject({ category: 'Tea', unitPrice: eur(200) });
  });

  it('given a price change, then the feed brings it with its history', async () => {
    await catalog.commands.handle(
      productStream(sku('2')),
      { type: 'ChangePrice', data: { sku: sku('2'), unitPrice: eur(250) }, metadata },
      context(),
    );
    await vi.waitFor(() => {
      expect(catalog.find(sku('2'))?.unitPrice).toEqual(eur(250));
    });
    expect(catalog.find(sku('2'))?.priceHistory.map((p) => [p.unitPrice.amount, p.by])).toEqual([
      [200, 'op-1'],
      [250, 'op-1'],
    ]);
  });

  it('never goes back to an older document', async () => {
    const held = catalog.find(sku('10'));
    if (held === undefined) throw new Error('not held');
    await feed.publish([
      {
        projection: catalogProducts.name,
        id: held.sku,
        position: held.position - 1,
        document: { ...held, unitPrice: eur(1), position: held.position - 1 },
      },
    ]);
    expect(catalog.find(sku('10'))?.unitPrice).toEqual(eur(300));
  });

  it('answers a product it holds without reading the store, and reads the stream for one it has not seen', async () => {
    const reads = catalog.commands.stats().reads;
    for (let n = 0; n < 5; n++) expect(await catalog.lookup(sku('10'))).toBeDefined();
    expect(catalog.commands.stats().reads).toBe(reads);

    catalog.stop(); // it hears no more, as when the feed lags
    try {
      await add(commandsOf(), sku('3'), 400);
      expect(catalog.find(sku('3'))).toBeUndefined();
      expect(await catalog.lookup(sku('3'))).toMatchObject({
        category: 'Tea',
        unitPrice: eur(400),
      });
      expect(catalog.commands.stats().reads).toBeGreaterThan(reads);
      expect(await catalog.lookup(sku('none'))).toBeUndefined();
    } finally {
      await catalog.start();
    }
    // Started again, it loads what it missed.
    await vi.waitFor(() => {
      expect(catalog.find(sku('3'))).toBeDefined();
    });
  });
});
