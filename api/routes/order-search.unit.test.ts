import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../infra/readmodels/memory-store.ts';
import type { Scalar } from '../../infra/readmodels/store.ts';
import { orderSummaries, type OrderSummaryDoc } from '../../projections/order-summaries/index.ts';
import { searchOrders, sortValueOf, type OrderSort } from './order-search.ts';

// Search over the memory store with the projection's own indexes: a page is a keyset page of the
// matching orders in the order asked for, and a request looks at no more orders than its budget.

const products = [
  { sku: 'SKU-1', name: 'Espresso beans, 1 kg' },
  { sku: 'SKU-2', name: 'Ceramic mug' },
  { sku: 'SKU-12', name: 'Walnut tray' },
];

const summary = (n: number): OrderSummaryDoc => {
  const product = products[n % products.length] ?? products[0];
  const price = { amount: 1000 + (n % 4) * 250, currency: 'EUR' }; // ties on total
  const placedAt = new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString();
  const orderId = `ord-${String(n).padStart(4, '0')}`;
  return {
    _id: orderId,
    orderId,
    customerId: `cust-${n % 5}`,
    status: n % 2 === 0 ? 'placed' : 'delivered',
    lines: [
      {
        sku: product?.sku ?? '',
        name: product?.name ?? '',
        quantity: 1,
        unitPrice: price,
        lineTotal: price,
      },
    ],
    lineCount: 1,
    skus: [product?.sku ?? ''],
    total: price,
    placedAt,
    updatedAt: placedAt,
    steps: { placedAt },
    position: n,
    stock: [],
  };
};

const collectionOf = async (count: number) => {
  const collection = createMemoryStore().collection('order_summaries', orderSummaries.schema);
  await collection.ensureIndexes(orderSummaries.indexes);
  await collection.bulkPut(
    Array.from({ length: count }, (_, n) => summary(n)),
    'none',
  );
  return collection;
};

/** Every page of a search, following the cursor as the API does. */
const allPages = async (
  count: number,
  query: { text: string; sort: OrderSort; limit: number; budget: number },
) => {
  const collection = await collectionOf(count);
  const pages: { ids: string[]; partial: boolean }[] = [];
  let after: readonly Scalar[] | undefined;
  for (let guard = 0; guard < 1_000; guard++) {
    const page = await searchOrders(collection, { filter: {}, after, ...query });
    pages.push({ ids: page.items.map((doc) => doc.orderId), partial: page.partial });
    if (page.next === undefined) break;
    after = [sortValueOf(query.sort, page.next), page.next._id];
  }
  return pages;
};

const expected = (count: number, keep: (doc: OrderSummaryDoc) => boolean, sort: OrderSort) => {
  const docs = Array.from({ length: count }, (_, n) => summary(n)).filter(keep);
  const key = (doc: OrderSummaryDoc) => [sortValueOf(sort, doc), doc._id] as const;
  const sign = sort.endsWith('desc') ? -1 : 1;
  return docs
    .sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      if (x[0] !== y[0]) return (x[0] < y[0] ? -1 : 1) * sign;
      return (x[1] < y[1] ? -1 : 1) * sign;
    })
    .map((doc) => doc.orderId);
};

describe('searching orders: given summaries, when a search, then keyset pages of the matches', () => {
  it('a word of a product name, case aside, largest total first: every match once, in order', async () => {
    const pages = await allPages(90, { text: 'MUG', sort: 'total:desc', limit: 7, budget: 1_000 });
    expect(pages.flatMap((page) => page.ids)).toEqual(
      expected(90, (doc) => doc.skus[0] === 'SKU-2', 'total:desc'),
    );
    expect(pages.slice(0, -1).every((page) => page.ids.length === 7)).toBe(true);
  });

  it('the start of a sku matches every sku that starts so; two words must both be found', async () => {
    const skus = await allPages(30, {
      text: 'sku-1',
      sort: 'placedAt:asc',
      limit: 50,
      budget: 100,
    });
    expect(skus.flatMap((page) => page.ids)).toEqual(
      expected(30, (doc) => doc.skus[0] !== 'SKU-2', 'placedAt:asc'),
    );
    const both = await allPages(30, {
      text: 'walnut sku-12',
      sort: 'placedAt:desc',
      limit: 50,
      budget: 100,
    });
    expect(both.flatMap((page) => page.ids)).toEqual(
      expected(30, (doc) => doc.skus[0] === 'SKU-12', 'placedAt:desc'),
    );
  });

  it('the start of an order id, and a whole order id in one read', async () => {
    const prefix = await allPages(200, {
      text: 'ord-001',
      sort: 'placedAt:desc',
      limit: 25,
      budget: 1_000,
    });
    expect(prefix.flatMap((page) => page.ids)).toEqual(
      expected(200, (doc) => doc.orderId.startsWith('ord-001'), 'placedAt:desc'),
    );
    const whole = await allPages(200, {
      text: 'ord-0150',
      sort: 'placedAt:desc',
      limit: 25,
      budget: 1,
    });
    expect(whole).toEqual([{ ids: ['ord-0150'], partial: false }]);
  });

  it('a rare match under a small budget: short pages marked partial, then the matches, nothing lost', async () => {
    const pages = await allPages(100, {
      text: 'ord-000 beans',
      sort: 'placedAt:desc',
      limit: 25,
      budget: 30,
    });
    // Newest first, 30 orders looked at per request: the matches are among the ten oldest.
    expect(pages.map((page) => page.ids)).toEqual([
      [],
      [],
      [],
      ['ord-0009', 'ord-0006', 'ord-0003', 'ord-0000'],
    ]);
    expect(pages.map((page) => page.partial)).toEqual([true, true, true, false]);
  });

  it('filters narrow the search as they narrow the list', async () => {
    const collection = await collectionOf(60);
    const page = await searchOrders(collection, {
      filter: { status: 'placed', customerId: 'cust-2' },
      sort: 'placedAt:desc',
      after: undefined,
      limit: 25,
      text: 'beans',
      budget: 1_000,
    });
    expect(page.items.map((doc) => doc.orderId)).toEqual(
      expected(
        60,
        (doc) => doc.status === 'placed' && doc.customerId === 'cust-2' && doc.skus[0] === 'SKU-1',
        'placedAt:desc',
      ),
    );
  });
});
