import type { SeedProduct } from '../domain/catalog.ts';
import { inventoryStream } from '../domain/index.ts';
import { deterministicId } from '../infra/eventstore/ids.ts';
import type { Aggregates } from '../processes/aggregates.ts';

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
        metadata: { now, actor: { id: 'catalog-seed', roles: ['process'] } },
      },
      {
        commandId: deterministicId('seed', product.sku),
        correlationId: `seed-${product.sku}`,
        causationId: 'catalog-seed',
        actor: 'catalog-seed',
        now,
      },
    );
  }
};
