import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryStream } from '../domain/index.ts';
import { startTestApi, type TestApi } from './testing/test-api.ts';

// One rule for "low stock": fewer available than the product's threshold, 10 unless an operator
// sets another; the inventory list, the command's answer and the metric agree.

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

type Level = { sku: string; available: number; lowStock: boolean; lowStockThreshold: number };

const levelOf = async (token: string, sku: string): Promise<Level | undefined> => {
  const response = await api.request('/api/inventory', { token });
  const { items } = (await response.json()) as { items: Level[] };
  return items.find((item) => item.sku === sku);
};
const revisionOf = async (sku: string): Promise<bigint> => {
  let last = -1n;
  for await (const resolved of api.system.store.client.readStream(inventoryStream(sku)))
    last = resolved.event?.revision ?? last;
  return last;
};

describe('the low-stock threshold', () => {
  it('given an operator sets it above what is available, then the product is low everywhere; the same value again writes nothing; bad input changes nothing', async () => {
    const operator = await api.token('olga', 'operator');
    // A product of its own: the starter products' thresholds stay 10 for the other tests.
    const sku = `LOW-${randomUUID().slice(0, 8)}`;
    const added = await api.request('/api/admin/products', {
      method: 'POST',
      token: operator,
      json: {
        sku,
        name: 'Tasting spoon',
        category: 'Accessories',
        description: 'Steel, 12 cm',
        unitPrice: { amount: 450, currency: 'EUR' },
      },
    });
    expect(added.status).toBe(201);
    let restock: Response | undefined;
    // The API knows the product once its catalog read model has it (a moment later).
    for (let attempt = 0; attempt < 100 && restock?.status !== 200; attempt++) {
      if (attempt > 0) await sleep(50);
      restock = await api.request(`/api/inventory/${sku}/restock`, {
        token: operator,
        method: 'POST',
        json: { quantity: 5 },
      });
    }
    if (restock === undefined) throw new Error('no restock');
    const { available } = (await restock.json()) as Level;

    const set = await api.request(`/api/inventory/${sku}/low-stock-threshold`, {
      token: operator,
      method: 'POST',
      json: { threshold: available + 1 },
    });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({
      sku,
      available,
      lowStockThreshold: available + 1,
      lowStock: true,
    });
    let level: Level | undefined;
    for (let attempt = 0; attempt < 100 && level?.lowStockThreshold !== available + 1; attempt++) {
      level = await levelOf(operator, sku);
      await sleep(50);
    }
    expect(level).toMatchObject({ lowStock: true, lowStockThreshold: available + 1 });
    const metrics = await (await api.request('/metrics')).text();
    const low = /^order_ledger_products_low_on_stock (\d+)/m.exec(metrics)?.[1];
    expect(Number(low)).toBeGreaterThanOrEqual(1);

    const revision = await revisionOf(sku);
    const again = await api.request(`/api/inventory/${sku}/low-stock-threshold`, {
      token: operator,
      method: 'POST',
      json: { threshold: available + 1 },
    });
    expect(again.status).toBe(200);
    expect(await revisionOf(sku)).toBe(revision);

    for (const threshold of [-1, 2.5, '7', 1_000_001]) {
      const refused = await api.request(`/api/inventory/${sku}/low-stock-threshold`, {
        token: operator,
        method: 'POST',
        json: { threshold },
      });
      expect(refused.status, String(threshold)).toBe(400);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
    }
    const customer = await api.token('cora', 'customer');
    const forbidden = await api.request(`/api/inventory/${sku}/low-stock-threshold`, {
      token: customer,
      method: 'POST',
      json: { threshold: 3 },
    });
    expect(forbidden.status).toBe(403);
    expect(await revisionOf(sku)).toBe(revision);
  });
});
