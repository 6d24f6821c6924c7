import { findProduct, type Product } from '../domain/catalog.ts';
import { inventoryStream, stockLevel } from '../domain/index.ts';
import type { Aggregates } from '../processes/aggregates.ts';

/** Products and what can be sold of them now (folded from each product's inventory stream). */
export interface Catalog {
  readonly products: readonly Product[];
  find(sku: string): Product | undefined;
  withAvailability(): Promise<(Product & { available: number })[]>;
}

export const createCatalog = (products: readonly Product[], aggregates: Aggregates): Catalog => ({
  products,
  find: (sku) => findProduct(products, sku),
  withAvailability: () =>
    Promise.all(
      products.map(async (product) => {
        const { state } = await aggregates.inventory.load(inventoryStream(product.sku));
        const { sku, name, unitPrice } = product;
        return { sku, name, unitPrice, available: stockLevel(sku, state).available };
      }),
    ),
});
