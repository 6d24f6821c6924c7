import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCatalog } from '../domain/catalog.ts';
import { inventoryEvents, inventoryStream, productEvents, productStream } from '../domain/index.ts';
import { loadConfig } from '../infra/config.ts';
import { silentLogger } from '../infra/logger.ts';
import { startSystem, type RunningSystem } from './system.ts';

// Embedded mode is how a newcomer meets the product: its own event store, a seeded catalog and
// dev tokens, all of it surviving a restart.
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'order-ledger-embedded-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const start = () =>
  startSystem({
    config: loadConfig({
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: '0',
      EMBEDDED_EVENTSTORE_PORT: '0',
      LOG_LEVEL: 'silent',
    }),
    role: 'all',
    logger: silentLogger(),
  });

const call = async (
  system: RunningSystem,
  path: string,
  init: { token?: string; json?: unknown } = {},
) =>
  fetch(`${system.url}${path}`, {
    method: init.json === undefined ? 'GET' : 'POST',
    headers: {
      'content-type': 'application/json',
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
  });

describe('embedded mode', () => {
  it('seeds the catalog (products, then stock) once, issues dev tokens, and keeps orders, stock and tokens across a restart', async () => {
    const first = await start();
    let token: string;
    let orderId: string;
    try {
      const issued = await call(first, '/api/auth/dev-token', {
        json: { sub: 'alice', roles: ['customer'] },
      });
      expect(issued.status).toBe(200);
      ({ token } = (await issued.json()) as { token: string });
      const products = (await (await call(first, '/api/products', { token })).json()) as {
        items: { sku: string; category: string; available: number }[];
        nextCursor: string | null;
      };
      expect(products.items.map((p) => [p.sku, p.category, p.available])).toEqual(
        seedCatalog.map((p) => [p.sku, p.category, p.initialStock]),
      );
      expect(products.nextCursor).toBeNull();
      const placed = await call(first, '/api/orders', {
        token,
        json: { lines: [{ sku: 'SKU-4', quantity: 1 }] },
      });
      expect(placed.status).toBe(202);
      ({ orderId } = (await placed.json()) as { orderId: string });
    } finally {
      await first.stop();
    }

    const second = await start();
    try {
      const order = await call(second, `/api/orders/${orderId}`, { token });
      expect(order.status).toBe(200);
      expect(await order.json()).toMatchObject({ orderId, customerId: 'alice' });
      const products = (await (await call(second, '/api/products', { token })).json()) as {
        items: { sku: string; available: number }[];
      };
      // Seeded once: neither the products nor their stock are added again by a restart.
      expect(products.items).toHaveLength(seedCatalog.length);
      expect(products.items.find((p) => p.sku === 'SKU-1')?.available).toBe(
        seedCatalog[0]?.initialStock,
      );
      expect(products.items.find((p) => p.sku === 'SKU-10')?.available).toBe(3);
      const history = (await (await call(second, '/api/products/SKU-1', { token })).json()) as {
        priceHistory: unknown[];
      };
      expect(history.priceHistory).toHaveLength(1);
      for (const { sku } of seedCatalog) {
        const added = await second.store.readStream(productStream(sku), productEvents);
        expect(added.events.map((e) => e.event.type)).toEqual(['ProductAdded']);
        const stocked = await second.store.readStream(inventoryStream(sku), inventoryEvents);
        expect(stocked.events.filter((e) => e.event.type === 'StockRestocked')).toHaveLength(1);
      }
      const refused = await call(second, '/api/auth/dev-token', {
        json: { sub: 'x', roles: ['superuser'] },
      });
      expect(refused.status).toBe(400);
    } finally {
      await second.stop();
    }
  });
});
