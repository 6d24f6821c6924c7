import type { SeedProduct } from '../domain/catalog.ts';
import { inventoryStream, ProductAlreadyExists, productStream } from '../domain/index.ts';
import type { Actor } from '../domain/shared/command.ts';
import { deterministicId } from '../infra/eventstore/ids.ts';
import type { Aggregates } from '../processes/aggregates.ts';
import type { ProductCommands } from './catalog.ts';

const seedActor: Actor = { id: 'catalog-seed', roles: ['process'] };
const seedContext = (kind: string, sku: string, now: Date) => ({
  commandId: deterministicId(kind, sku),
  correlationId: `seed-${sku}`,
  causationId: 'catalog-seed',
  actor: seedActor.id,
  now,
});

/**
 * The starter products, added through the Product aggregate like any other. The catalog was a
 * list in the code before it moved into the event store, so every mode adds them: a deployment
 * that sold them keeps them. Fixed command ids make a restart find them done and add nothing.
 */
export const seedProducts = async (
  commands: ProductCommands,
  products: readonly SeedProduct[],
  now: Date,
): Promise<void> => {
  for (const { sku, name, category, description, unitPrice } of products) {
    try {
      await commands.handle(
        productStream(sku),
        {
          type: 'AddProduct',
          data: { sku, name, category, description, unitPrice },
          metadata: { now, actor: seedActor },
        },
        seedContext('seed-product', sku, now),
      );
    } catch (error) {
      // Added by someone else (an operator, npm run seed): the product is there, as wanted.
      if (!(error instanceof ProductAlreadyExists)) throw error;
    }
  }
};

/**
 * Embedded mode's first stock, restocked through the Inventory aggregate like any other. The
 * command ids are fixed, so a restart finds them done and restocks nothing twice.
 */
export const seedStock = async (
  aggregates: Aggregates,
  products: readonly SeedProduct[],
  now: Date,
): Promise<void> => {
  for (const product of products) {
    await aggregates.inventory.handle(
      inventoryStream(product.sku),
      {
        type: 'Restock',
        data: { sku: product.sku, quantity: product.initialStock },
        metadata: { now, actor: seedActor },
      },
      seedContext('seed', product.sku, now),
    );
  }
};
