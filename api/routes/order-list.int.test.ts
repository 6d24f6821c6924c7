import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/test-api.ts';

// GET /api/orders searched and sorted by total, against the API role with its read models in
// memory. Each test lists the orders of a customer of its own, so other files' orders do not count.
let api: TestApi;
let operator: string;
beforeAll(async () => {
  api = await startTestApi();
  operator = await api.token('op-search', 'operator');
});
afterAll(async () => {
  await api.stop();
});

interface Page {
  items: { orderId: string; total: { amount: number }; skus: string[] }[];
  nextCursor: string | null;
}

/** A customer's orders, given as lines; answers their ids in the order placed and the last position. */
const placeAll = async (orders: { sku: string; quantity: number }[][]) => {
  const customerId = `search-${randomUUID()}`;
  const token = await api.token(customerId, 'customer');
  const ids: string[] = [];
  let position = 0;
  for (const lines of orders) {
    const response = await api.request('/api/orders', { method: 'POST', token, json: { lines } });
    expect(response.status).toBe(202);
    ids.push(((await response.json()) as { orderId: string }).orderId);
    position = Number((response.headers.get('x-log-position') ?? '').split('/')[0]);
  }
  return { customerId, ids, position };
};

const pages = async (query: string): Promise<Page['items'][]> => {
  const all: Page['items'][] = [];
  let cursor: string | null = null;
  do {
    const suffix: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const response = await api.request(`/api/orders?${query}${suffix}`, { token: operator });
    expect(response.status).toBe(200);
    const page = (await response.json()) as Page;
    all.push(page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return all;
};

describe('GET /api/orders: given a customer’s orders, when searched or sorted by total', () => {
  it('finds orders by a word of a product name or the start of a sku, newest first', async () => {
    const { customerId, ids, position } = await placeAll([
      [{ sku: 'SKU-3', quantity: 1 }],
      [{ sku: 'SKU-7', quantity: 1 }],
      [
        { sku: 'SKU-5', quantity: 1 },
        { sku: 'SKU-7', quantity: 1 },
      ],
      [{ sku: 'SKU-3', quantity: 2 }],
    ]);
    const base = `customerId=${customerId}&minPosition=${position}`;

    const decaf = await pages(`${base}&q=DECAF`);
    const kettle = await pages(`${base}&q=sku-5`);
    const both = await pages(`${base}&q=${encodeURIComponent('filters sku-3')}`);
    const none = await pages(`${base}&q=grinder`);

    expect(decaf.flat().map((o) => o.orderId)).toEqual([ids[2], ids[1]]);
    expect(kettle.flat().map((o) => o.orderId)).toEqual([ids[2]]);
    expect(both.flat().map((o) => o.orderId)).toEqual([ids[3], ids[0]]);
    expect(none).toEqual([[]]);
  });

  it('pages by total both ways, ties broken by id, every order once', async () => {
    const { customerId, ids, position } = await placeAll([
      [{ sku: 'SKU-3', quantity: 1 }], // 4.99
      [{ sku: 'SKU-2', quantity: 1 }], // 12.50
      [{ sku: 'SKU-3', quantity: 1 }], // 4.99, ties with the first
      [{ sku: 'SKU-6', quantity: 1 }], // 24.99
      [{ sku: 'SKU-9', quantity: 1 }], // 22.50
    ]);
    const base = `customerId=${customerId}&minPosition=${position}&limit=2`;
    const cheapTies = [ids[0] ?? '', ids[2] ?? ''].sort();

    const down = await pages(`${base}&sort=total:desc`);
    const up = await pages(`${base}&sort=total:asc`);

    expect(down.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(down.flat().map((o) => o.orderId)).toEqual([
      ids[3],
      ids[4],
      ids[1],
      ...[...cheapTies].reverse(),
    ]);
    expect(up.flat().map((o) => o.orderId)).toEqual([...cheapTies, ids[1], ids[4], ids[3]]);
  });

  it('refuses a cursor of one sort or search with another, and an unknown sort', async () => {
    const { customerId, position } = await placeAll([
      [{ sku: 'SKU-3', quantity: 1 }],
      [{ sku: 'SKU-3', quantity: 1 }],
    ]);
    const base = `customerId=${customerId}&minPosition=${position}&limit=1`;
    const first = (await (
      await api.request(`/api/orders?${base}&sort=total:desc`, { token: operator })
    ).json()) as Page;
    const cursor = encodeURIComponent(first.nextCursor ?? '');

    for (const query of [
      `${base}&sort=placedAt:desc&cursor=${cursor}`,
      `${base}&sort=total:desc&q=filters&cursor=${cursor}`,
      `${base}&sort=customer:asc`,
    ]) {
      const response = await api.request(`/api/orders?${query}`, { token: operator });
      expect(response.status, query).toBe(400);
    }
  });
});
