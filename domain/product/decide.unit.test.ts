import { describe, expect, it } from 'vitest';
import { admin, by, eur, operator } from '../shared/fixtures.ts';
import { spec } from '../shared/spec.ts';
import { parseProductStream, productStream } from '../streams.ts';
import type { ProductCommand } from './commands.ts';
import { addProductDataSchema } from './commands.ts';
import { productDecider } from './decide.ts';
import { PriceCurrencyChanged, ProductAlreadyExists, ProductNotFound } from './errors.ts';
import { productEvents } from './events.ts';
import type { ProductEvent } from './events.ts';

const product = spec(productDecider, productEvents);
const sku = 'SKU-1';
const details = {
  name: 'Espresso beans, 1 kg',
  category: 'Coffee',
  description: 'Dark roast, whole beans',
};

const added: ProductEvent = {
  type: 'ProductAdded',
  data: { sku, ...details, unitPrice: eur(1999) },
};
const repriced = (amount: number, previous: number): ProductEvent => ({
  type: 'ProductPriceChanged',
  data: { sku, unitPrice: eur(amount), previousUnitPrice: eur(previous) },
});

const add = (unitPrice = eur(1999)): ProductCommand => ({
  type: 'AddProduct',
  data: { sku, ...details, unitPrice },
  metadata: by(admin, 5),
});
const changePrice = (unitPrice: { amount: number; currency: string }): ProductCommand => ({
  type: 'ChangePrice',
  data: { sku, unitPrice },
  metadata: by(operator, 5),
});
const changeDetails = (changes: Partial<typeof details>): ProductCommand => ({
  type: 'ChangeDetails',
  data: { sku, ...details, ...changes },
  metadata: by(operator, 5),
});

describe('AddProduct', () => {
  it('adds a product that does not exist yet', () => {
    product.given([]).when(add()).thenEmits([added]);
  });

  it('refuses a sku that exists, even with the same details', () => {
    product.given([added]).when(add()).thenThrows(ProductAlreadyExists, { sku });
    product
      .given([added])
      .when(add(eur(500)))
      .thenThrows(ProductAlreadyExists);
  });
});

describe('ChangePrice', () => {
  it('records the new price beside the one it replaces', () => {
    product
      .given([added])
      .when(changePrice(eur(2199)))
      .thenEmits([repriced(2199, 1999)]);
  });

  it('takes the previous price from the latest change', () => {
    product
      .given([added, repriced(2199, 1999)])
      .when(changePrice(eur(1799)))
      .thenEmits([repriced(1799, 2199)]);
  });

  it('writes nothing for the price the product already has', () => {
    product
      .given([added])
      .when(changePrice(eur(1999)))
      .thenNothing();
    product
      .given([added, repriced(2199, 1999)])
      .when(changePrice(eur(2199)))
      .thenNothing();
  });

  it('refuses another currency: orders never mix currencies', () => {
    product
      .given([added])
      .when(changePrice({ amount: 1999, currency: 'USD' }))
      .thenThrows(PriceCurrencyChanged, { sku, currency: 'EUR', requested: 'USD' });
  });

  it('refuses a product that was never added', () => {
    product
      .given([])
      .when(changePrice(eur(100)))
      .thenThrows(ProductNotFound, { sku });
  });
});

describe('ChangeDetails', () => {
  it('records the new name, category and description', () => {
    product
      .given([added])
      .when(changeDetails({ category: 'Beans' }))
      .thenEmits([{ type: 'ProductDetailsChanged', data: { sku, ...details, category: 'Beans' } }]);
  });

  it('writes nothing when nothing changes', () => {
    product.given([added]).when(changeDetails({})).thenNothing();
  });

  it('refuses a product that was never added', () => {
    product.given([]).when(changeDetails({})).thenThrows(ProductNotFound);
  });
});

describe('the product as its events fold', () => {
  it('carries the latest price and details', () => {
    const { state } = product.given([
      added,
      repriced(2199, 1999),
      { type: 'ProductDetailsChanged', data: { sku, ...details, name: 'Beans, 1 kg' } },
    ]);
    expect(state).toEqual({
      status: 'listed',
      sku,
      ...details,
      name: 'Beans, 1 kg',
      unitPrice: eur(2199),
    });
  });
});

describe('product text at the edge and in the log', () => {
  it('refuses control characters and bidi overrides in names and descriptions', () => {
    const data = { sku, ...details, unitPrice: eur(1) };
    expect(addProductDataSchema.safeParse({ ...data, name: 'Beans\u202E' }).success).toBe(false);
    expect(addProductDataSchema.safeParse({ ...data, description: 'a\nb' }).success).toBe(false);
    expect(() =>
      productEvents.encode({ type: 'ProductAdded', data: { ...data, category: '' } }),
    ).toThrow();
  });

  it('accepts skus that name a stream and a URL segment, and no others', () => {
    const data = { ...details, unitPrice: eur(1) };
    for (const ok of ['SKU-1', 'sku_2.b', 'A']) {
      expect(addProductDataSchema.safeParse({ ...data, sku: ok }).success, ok).toBe(true);
    }
    for (const bad of ['', '-1', 'SKU 1', 'SKU/1', 'x'.repeat(65)]) {
      expect(addProductDataSchema.safeParse({ ...data, sku: bad }).success, bad).toBe(false);
    }
  });
});

describe('the product stream', () => {
  it('is product-{sku}, and parses back to the sku', () => {
    expect(productStream('SKU-10')).toBe('product-SKU-10');
    expect(parseProductStream('product-SKU-10')).toBe('SKU-10');
    expect(parseProductStream('inventory-SKU-10')).toBeUndefined();
  });
});
