import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { orderEvents, orderStream, productEvents, productStream } from '../domain/index.ts';
import { startTestApi, type TestApi } from './testing/test-api.ts';

let api: TestApi;
let operatorToken: string;
let customerToken: string;
beforeAll(async () => {
  api = await startTestApi();
  operatorToken = await api.token('op-products', 'operator');
  customerToken = await api.token(`customer-${randomUUID()}`, 'customer');
});
afterAll(async () => {
  await api.stop();
});

const eur = (amount: number) => ({ amount, currency: 'EUR' });
interface Item {
  sku: string;
  name: string;
  category: string;
  unitPrice: { amount: number; currency: string };
  available: number;
  lowStock: boolean;
}
interface Page {
  items: Item[];
  nextCursor: string | null;
}

const get = (path: string) => api.request(path, { token: customerToken });
const list = async (query: string): Promise<Page> => {
  const response = await get(`/api/products?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Page;
};
const addProduct = (body: Record<string, unknown>, token = operatorToken) =>
  api.request('/api/admin/products', { method: 'POST', token, json: body });

/** Products of a category of their own, so other tests' products in the shared store stay out. */
const addCategory = async (count: number) => {
  const run = randomUUID().slice(0, 8);
  const category = `Teas ${run}`;
  const skus = Array.from({ length: count }, (_, n) => `T-${run}-${n + 1}`);
  for (const [n, sku] of skus.entries()) {
    const response = await addProduct({
      sku,
      name: `${n % 2 === 0 ? 'Green' : 'Black'} tea no. ${n + 1}`,
      category,
      description: 'Loose leaves, 100 g',
      unitPrice: eur(500 + n),
    });
    expect(response.status).toBe(201);
  }
  // The list is served from the catalog read model: wait until it has them all.
  await vi.waitFor(async () => {
    expect((await list(`category=${encodeURIComponent(category)}`)).items).toHaveLength(count);
  });
  return { category, skus };
};

describe('GET /api/products', () => {
  it('lists the starter catalog with categories, prices and availability', async () => {
    const { items } = await list('limit=100');
    expect(items.find((p) => p.sku === 'SKU-1')).toMatchObject({
      name: 'Espresso beans, 1 kg',
      category: 'Coffee',
      unitPrice: eur(1999),
      available: expect.any(Number) as unknown,
    });
    // Low by the inventory page's rule: fewer available than the threshold (10 by default).
    for (const product of items) expect(product.lowStock, product.sku).toBe(product.available < 10);
  });

  it('given a category, then only its products, a page at a time in sku order', async () => {
    const { category, skus } = await addCategory(5);
    const seen: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const query = `category=${encodeURIComponent(category)}&limit=2`;
      const page: Page = await list(cursor === '' ? query : `${query}&cursor=${cursor}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((p) => p.sku));
      cursor = page.nextCursor;
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(skus);
    // Another case of the category's name finds the same products.
    const lower = await list(`category=${encodeURIComponent(category.toLowerCase())}`);
    expect(lower.items.map((p) => p.sku)).toEqual(skus);
  });

  it('given q, then the products whose name holds it, in any case', async () => {
    const { category, skus } = await addCategory(4);
    const found = await list(`category=${encodeURIComponent(category)}&q=gREEN`);
    expect(found.items.map((p) => p.sku)).toEqual([skus[0], skus[2]]);
    expect((await list(`q=${randomUUID()}`)).items).toEqual([]);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=two', 'limit'],
    ['cursor=not-a-cursor', 'cursor'],
    ['category=', 'category'],
    ['sort=name', ''],
  ])('refuses %s with a 400 problem', async (query, path) => {
    const response = await get(`/api/products?${query}`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    if (path !== '') expect(JSON.stringify(await response.json())).toContain(path);
  });
});

describe('GET /api/products/categories', () => {
  it('counts the products of each category', async () => {
    const { category } = await addCategory(3);
    const response = await get('/api/products/categories');
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as {
      items: { category: string; products: number }[];
    };
    expect(items).toContainEqual({ category, products: 3 });
    expect(items.find((c) => c.category === 'Coffee')?.products).toBeGreaterThanOrEqual(3);
  });
});

describe('catalog changes by operators', () => {
  it('refuses a customer, and a sku that exists', async () => {
    const body = {
      sku: `X-${randomUUID().slice(0, 8)}`,
      name: 'Tin',
      category: 'Storage',
      description: 'Airtight',
      unitPrice: eur(900),
    };
    expect((await addProduct(body, customerToken)).status).toBe(403);
    expect((await addProduct(body)).status).toBe(201);
    const again = await addProduct(body);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'product_already_exists' });
    const bad = await addProduct({ ...body, sku: 'a b', name: 'Tin\u202E' });
    expect(bad.status).toBe(400);
  });

  it('records a price change with the operator as actor, and orders take the new price and the category', async () => {
    const { category, skus } = await addCategory(1);
    const sku = skus[0] ?? '';
    const changed = await api.request(`/api/admin/products/${sku}/price`, {
      method: 'POST',
      token: operatorToken,
      json: { unitPrice: eur(750) },
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ sku, unitPrice: eur(750) });

    const { events } = await api.system.store.readStream(productStream(sku), productEvents);
    expect(events.at(-1)?.event).toEqual({
      type: 'ProductPriceChanged',
      data: { sku, unitPrice: eur(750), previousUnitPrice: eur(500) },
    });
    expect(events.at(-1)?.metadata.actor).toBe('op-products');

    const position = changed.headers.get('x-log-position') ?? '';
    const detail = await get(`/api/products/${sku}?minPosition=${position}`);
    expect(detail.status).toBe(200);
    expect(await detail.json()).toMatchObject({
      sku,
      category,
      unitPrice: eur(750),
      priceHistory: [
        { unitPrice: eur(500), by: 'op-products' },
        { unitPrice: eur(750), by: 'op-products' },
      ],
    });

    const placed = await api.request('/api/orders', {
      method: 'POST',
      token: customerToken,
      json: { lines: [{ sku, quantity: 2 }] },
    });
    expect(placed.status).toBe(202);
    const { orderId } = (await placed.json()) as { orderId: string };
    const order = await api.system.store.readStream(orderStream(orderId), orderEvents);
    expect(order.events[0]?.event.data).toMatchObject({
      lines: [{ sku, category, quantity: 2, unitPrice: eur(750), lineTotal: eur(1500) }],
      total: eur(1500),
    });
  });

  it('a price the product already has writes nothing; an unknown sku is a 404', async () => {
    const { skus } = await addCategory(1);
    const sku = skus[0] ?? '';
    const same = await api.request(`/api/admin/products/${sku}/price`, {
      method: 'POST',
      token: operatorToken,
      json: { unitPrice: eur(500) },
    });
    expect(same.status).toBe(200);
    const { events } = await api.system.store.readStream(productStream(sku), productEvents);
    expect(events.map((e) => e.event.type)).toEqual(['ProductAdded']);
    const unknown = await api.request('/api/admin/products/NO-SUCH-SKU-x/price', {
      method: 'POST',
      token: operatorToken,
      json: { unitPrice: eur(500) },
    });
    expect(unknown.status).toBe(404);
    expect((await get('/api/products/NO-SUCH-SKU-x')).status).toBe(404);
  });
});
