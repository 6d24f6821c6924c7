import { describe, expect, it } from 'vitest';
import { productEvents, type ProductEvent } from '../../domain/product/events.ts';
import { at, eur } from '../testing/orders.ts';
import { deliveredTwice, interleave, record, type Written } from '../testing/recorded.ts';
import { positionFree, project } from '../testing/spec.ts';
import { catalogProducts } from './index.ts';

/** A product event as the codec hands it over: checked against the product's own schemas. */
const written = (event: ProductEvent, minute: number, actor = 'admin-1'): Written => ({
  stream: `product-${event.data.sku}`,
  event: productEvents.parse(event.type, 1, event.data),
  actor,
  at: at(minute),
});
const details = { name: 'Espresso beans, 1 kg', category: 'Coffee', description: 'Dark roast' };
const added = (sku: string, minute = 0) =>
  written({ type: 'ProductAdded', data: { sku, ...details, unitPrice: eur(1999) } }, minute);
const repriced = (sku: string, amount: number, previous: number, minute: number) =>
  written(
    {
      type: 'ProductPriceChanged',
      data: { sku, unitPrice: eur(amount), previousUnitPrice: eur(previous) },
    },
    minute,
    'op-7',
  );

describe('catalog: given a product’s events, then its document', () => {
  it('added, repriced twice and renamed: the latest details, and every price with its time and actor', () => {
    const events = record([
      added('SKU-1'),
      repriced('SKU-1', 2199, 1999, 5),
      written(
        { type: 'ProductDetailsChanged', data: { sku: 'SKU-1', ...details, category: 'Beans' } },
        6,
      ),
      repriced('SKU-1', 1899, 2199, 9),
    ]);
    expect(project(catalogProducts, events).get('SKU-1')).toEqual({
      _id: 'SKU-1',
      _position: expect.any(String) as unknown,
      sku: 'SKU-1',
      ...details,
      category: 'Beans',
      unitPrice: eur(1899),
      priceHistory: [
        { unitPrice: eur(1999), at: at(0), by: 'admin-1' },
        { unitPrice: eur(2199), at: at(5), by: 'op-7' },
        { unitPrice: eur(1899), at: at(9), by: 'op-7' },
      ],
      addedAt: at(0),
      updatedAt: at(9),
      position: events.at(-1)?.position?.commit,
    });
  });

  it('ignores a change to a product never added, and a second ProductAdded', () => {
    const docs = project(catalogProducts, record([repriced('SKU-9', 100, 50, 1)]));
    expect(docs.size).toBe(0);
    const twice = project(
      catalogProducts,
      record([
        added('SKU-1', 0),
        written(
          {
            type: 'ProductAdded',
            data: { sku: 'SKU-1', ...details, name: 'Other', unitPrice: eur(5) },
          },
          2,
        ),
      ]),
    );
    expect(twice.get('SKU-1')).toMatchObject({ name: details.name, unitPrice: eur(1999) });
  });

  it('reads only product streams', () => {
    const events = record([
      added('SKU-1'),
      {
        stream: 'inventory-SKU-1',
        event: { type: 'StockRestocked', data: { sku: 'SKU-1', quantity: 5, restockedAt: at(1) } },
        actor: 'op',
        at: at(1),
      },
    ]);
    expect([...project(catalogProducts, events).keys()]).toEqual(['SKU-1']);
    expect(catalogProducts.categories).toEqual(['product']);
  });

  it('every event delivered twice gives the same documents', () => {
    const events = record([added('SKU-1'), repriced('SKU-1', 2199, 1999, 5), added('SKU-2', 6)]);
    expect(project(catalogProducts, deliveredTwice(events))).toEqual(
      project(catalogProducts, events),
    );
  });

  it('many products interleaved give the same documents as one after the other', () => {
    const histories = Array.from({ length: 20 }, (_, n) => [
      added(`SKU-${n}`, n),
      repriced(`SKU-${n}`, 1000 + n, 1999, n + 1),
      repriced(`SKU-${n}`, 900, 1000 + n, n + 2),
    ]);
    const docs = (written: readonly Written[]) =>
      positionFree(
        [...project(catalogProducts, record(written)).values()].sort((a, b) =>
          a.sku.localeCompare(b.sku),
        ),
      );
    expect(docs(interleave(histories, 7))).toEqual(docs(histories.flat()));
  });

  it('shows clients the product without internal fields', () => {
    const doc = project(catalogProducts, record([added('SKU-1')])).get('SKU-1');
    expect(doc && catalogProducts.view(doc)).not.toHaveProperty('_id');
    expect(doc && catalogProducts.view(doc)).not.toHaveProperty('_position');
  });
});
