import { describe, expect, it } from 'vitest';
import { findProduct, productSchema, seedCatalog } from './catalog.ts';
import { addProductDataSchema } from './product/commands.ts';

describe('the seed catalog (embedded mode)', () => {
  it('holds 8 to 12 valid products with unique skus, priced in EUR cents', () => {
    expect(seedCatalog.length).toBeGreaterThanOrEqual(8);
    expect(seedCatalog.length).toBeLessThanOrEqual(12);
    expect(new Set(seedCatalog.map((p) => p.sku)).size).toBe(seedCatalog.length);
    for (const product of seedCatalog) {
      expect(productSchema.parse(product)).toEqual({
        sku: product.sku,
        name: product.name,
        unitPrice: product.unitPrice,
      });
      expect(product.unitPrice.currency).toBe('EUR');
      expect(product.unitPrice.amount).toBeGreaterThan(0);
    }
  });

  it('gives each product a category and a description that AddProduct accepts', () => {
    for (const { sku, name, category, description, unitPrice } of seedCatalog) {
      const data = { sku, name, category, description, unitPrice };
      expect(addProductDataSchema.parse(data)).toEqual(data);
    }
    expect(new Set(seedCatalog.map((p) => p.category)).size).toBeGreaterThan(1);
  });

  it('starts each product with a stock that a Restock accepts', () => {
    for (const { initialStock } of seedCatalog) {
      expect(Number.isInteger(initialStock)).toBe(true);
      expect(initialStock).toBeGreaterThanOrEqual(1);
      expect(initialStock).toBeLessThanOrEqual(1_000_000);
    }
  });

  it('has a scarce product, so a newcomer can watch an order rejected for stock', () => {
    expect(seedCatalog.some((p) => p.initialStock <= 3)).toBe(true);
  });

  it('finds a product by sku', () => {
    const [first] = seedCatalog;
    expect(first).toBeDefined();
    if (first === undefined) return;
    expect(findProduct(seedCatalog, first.sku)).toEqual(first);
    expect(findProduct(seedCatalog, 'NO-SUCH-SKU')).toBeUndefined();
  });
});
