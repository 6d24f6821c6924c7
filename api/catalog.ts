import { z } from 'zod';
import {
  inventoryStream,
  isLowStock,
  lowStockThreshold,
  productStream,
  stockLevel,
} from '../domain/index.ts';
import type { Money } from '../domain/shared/money.ts';
import { productDecider, productEvents } from '../domain/product/index.ts';
import type { ProductCommand, ProductEvent, ProductState } from '../domain/product/index.ts';
import { createCommandHandler, type CommandHandler } from '../infra/eventstore/command-handler.ts';
import type { EventStore } from '../infra/eventstore/event-store.ts';
import type { Logger } from '../infra/logger.ts';
import type { Metrics } from '../infra/metrics.ts';
import type { ChangeFeed, ReadModelChange } from '../infra/readmodels/change-feed.ts';
import type { Aggregates } from '../processes/aggregates.ts';
import { catalogProducts, catalogProductSchema } from '../projections/catalog/index.ts';
import type { CatalogProduct } from '../projections/catalog/index.ts';
import type { ReadModels } from '../projections/read-models.ts';

export type { CatalogProduct } from '../projections/catalog/index.ts';
export type ProductCommands = CommandHandler<ProductCommand, ProductEvent, ProductState>;

export const createProductCommands = (deps: {
  store: EventStore;
  logger: Logger;
  metrics: Metrics;
}): ProductCommands =>
  createCommandHandler({
    name: 'product',
    store: deps.store,
    decider: productDecider,
    codec: productEvents,
    logger: deps.logger.child({ aggregate: 'product' }),
    metrics: deps.metrics,
  });

/** What an order line needs of a product at purchase. */
export interface ProductForSale {
  readonly sku: string;
  readonly name: string;
  readonly category: string;
  readonly unitPrice: Money;
}

/**
 * The catalog as the API reads it: the `catalog` read model held in memory and kept current by
 * its changes on the feed, so a read never waits on a store; and the product streams behind it.
 */
export interface Catalog {
  /** Every product, in sku order (SKU-2 before SKU-10). */
  products(): readonly CatalogProduct[];
  find(sku: string): CatalogProduct | undefined;
  /** From memory, or else from the product's stream (added a moment ago, or the feed lags). */
  lookup(sku: string): Promise<ProductForSale | undefined>;
  withAvailability(
    products: readonly CatalogProduct[],
  ): Promise<(CatalogProduct & { available: number; lowStock: boolean })[]>;
  /** The command side: one `product-{sku}` stream per product. */
  readonly commands: ProductCommands;
  /** Listens to the feed, then loads what the read model holds. */
  start(): Promise<void>;
  stop(): void;
}

const bySku = new Intl.Collator('en', { numeric: true }).compare;

// A rebuild switches reads to a new collection without republishing its documents.
const rebuildDoneSchema = z.object({
  name: z.literal(catalogProducts.name),
  rebuild: z.object({ done: z.literal(true) }),
});

export const createCatalog = (deps: {
  readModels: ReadModels;
  feed: ChangeFeed;
  commands: ProductCommands;
  aggregates: Aggregates;
}): Catalog => {
  const docs = new Map<string, CatalogProduct>();
  let sorted: CatalogProduct[] | undefined;
  let unlisten: (() => void) | undefined;

  // Never backwards: a change can reach the feed before a load that started earlier returns.
  const put = (product: CatalogProduct) => {
    const held = docs.get(product.sku);
    if (held !== undefined && held.position > product.position) return;
    docs.set(product.sku, product);
    sorted = undefined;
  };
  const load = async () => {
    const collection = await deps.readModels.active(catalogProducts);
    for (const doc of (await collection?.find()) ?? []) {
      const product = catalogProductSchema.safeParse(catalogProducts.view(doc));
      if (product.success) put(product.data);
    }
  };
  const onChanges = (changes: readonly ReadModelChange[]) => {
    for (const change of changes) {
      if (change.projection === catalogProducts.name) {
        const product = catalogProductSchema.safeParse(change.document);
        if (product.success) put(product.data);
      } else if (
        change.projection === 'projections' &&
        rebuildDoneSchema.safeParse(change.document).success
      ) {
        void load();
      }
    }
  };

  return {
    products: () => (sorted ??= [...docs.values()].sort((a, b) => bySku(a.sku, b.sku))),
    find: (sku) => docs.get(sku),
    async lookup(sku) {
      const held = docs.get(sku);
      if (held !== undefined) return held;
      const { state } = await deps.commands.load(productStream(sku));
      return state.status === 'listed' ? state : undefined;
    },
    withAvailability: (products) =>
      Promise.all(
        products.map(async (product) => {
          const { state } = await deps.aggregates.inventory.load(inventoryStream(product.sku));
          const { available } = stockLevel(product.sku, state);
          return {
            ...product,
            available,
            lowStock: isLowStock(available, lowStockThreshold(state)),
          };
        }),
      ),
    commands: deps.commands,
    async start() {
      unlisten ??= deps.feed.listen(onChanges);
      await load();
    },
    stop() {
      unlisten?.();
      unlisten = undefined;
    },
  };
};
