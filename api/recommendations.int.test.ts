import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../infra/config.ts';
import { silentLogger } from '../infra/logger.ts';
import { serverUrl } from '../infra/test-servers/use-server.ts';
import { startSystem, type RunningSystem } from './system.ts';
import { startTestApi, testSecret, type TestApi } from './testing/test-api.ts';

const run = randomUUID().slice(0, 8);

interface Item {
  sku: string;
  name: string;
  category: string;
  price: { amount: number; currency: string };
  score: number;
  reason: string;
}

// Connected mode keeps the read model in MongoDB (a database of this run's own, built from the
// shared log by a projections role beside the api role); embedded mode in memory, in the api.
const stores = {
  memory: {},
  mongodb: { MONGODB_URL: serverUrl('mongodb'), MONGODB_DATABASE: `recs_${run}` },
};

describe.each(Object.entries(stores))('recommendations read from %s', (kind, env) => {
  // The harness's event store is shared: each suite's products have a category of their own, and
  // its customers ids of their own, so other tests' orders never pair with them.
  const tag = `${run}-${kind}`;
  const category = `Recs ${tag}`;
  const sku = (n: number) => `R-${tag}-${String(n)}`;
  const customer = (n: number) => `rc-${tag}-${String(n)}`;
  let api: TestApi;
  let projections: RunningSystem | undefined;
  let operator: string;
  let me: string;

  const place = async (who: string, skus: readonly number[]) => {
    const token = await api.token(who, 'customer');
    const placed = await api.request('/api/orders', {
      method: 'POST',
      token,
      json: { lines: skus.map((n) => ({ sku: sku(n), quantity: 1 })) },
    });
    expect(placed.status).toBe(202);
  };
  const items = async (path: string, token = me): Promise<Item[]> => {
    const response = await api.request(path, { token });
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: Item[] }).items;
  };

  beforeAll(async () => {
    api = await startTestApi(env);
    if ('MONGODB_URL' in env) {
      const config = loadConfig({
        EVENTSTORE_CONNECTION_STRING: serverUrl('eventstore'),
        JWT_SECRET: testSecret,
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'silent',
        ...env,
      });
      projections = await startSystem({ config, role: 'projections', logger: silentLogger() });
    }
    operator = await api.token('op-recs', 'operator');
    me = await api.token(customer(0), 'customer');
    for (const n of [1, 2, 3, 4, 5, 6]) {
      const added = await api.request('/api/admin/products', {
        method: 'POST',
        token: operator,
        json: {
          sku: sku(n),
          name: `Recommended thing ${String(n)}`,
          category,
          description: 'For the recommendations test',
          unitPrice: { amount: 1000 + n, currency: 'EUR' },
        },
      });
      expect(added.status).toBe(201);
    }
    // 1 goes with 2 (three orders) and once with 3; 4 is the best-seller, bought on its own;
    // 5 is bought once, alone; 6 never. Customer 0 bought 1.
    const baskets = [[1, 2], [1, 2], [1, 2], [1, 3], [4], [4], [4], [4], [5]];
    for (const [n, basket] of baskets.entries()) await place(customer(n + 1), basket);
    await place(customer(0), [1]);
    // The read model catches up: 1 has been seen in all five of its orders.
    await vi.waitFor(
      async () => {
        const first = await items(`/api/recommendations?sku=${sku(1)}&limit=5`);
        expect(first[0]?.sku).toBe(sku(2));
        const personal = await items('/api/recommendations/personalized?limit=5');
        expect(personal.map((item) => item.sku)).toContain(sku(2));
      },
      { timeout: 60_000, interval: 100 },
    );
  }, 120_000);
  afterAll(async () => {
    await api.stop();
    await projections?.stop();
  });

  describe('GET /api/recommendations?sku=: customers who bought it also bought', () => {
    it('the sku bought with it comes first with its catalog entry, then popular ones of its category', async () => {
      const list = await items(`/api/recommendations?sku=${sku(1)}&limit=3`);
      expect(list[0]).toEqual({
        sku: sku(2),
        name: 'Recommended thing 2',
        category,
        price: { amount: 1002, currency: 'EUR' },
        score: expect.any(Number) as number,
        reason: 'bought_together',
      });
      expect(list[0]?.score).toBeGreaterThan(0);
      // 3 was bought with it once only: not enough to count. Its category's best-sellers follow
      // (1 itself and 2, already listed, left out; 3 before 5 on a tie, by sku).
      expect(list.slice(1)).toMatchObject([
        { sku: sku(4), reason: 'popular_in_category', score: 0 },
        { sku: sku(3), reason: 'popular_in_category', score: 0 },
      ]);
      expect(list).toHaveLength(3);
      expect(list.map((item) => item.sku)).not.toContain(sku(1));
    });

    it('a sku bought alone gets its category’s best-sellers', async () => {
      const list = await items(`/api/recommendations?sku=${sku(6)}&limit=2`);
      expect(list).toMatchObject([
        { sku: sku(1), reason: 'popular_in_category' },
        { sku: sku(4), reason: 'popular_in_category' },
      ]);
    });

    it('an unknown sku is a 404 problem, a bad limit or a missing sku a 400, no token a 401', async () => {
      const unknown = await api.request(`/api/recommendations?sku=NO-SUCH-${tag}`, { token: me });
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get('content-type')).toContain('application/problem+json');
      for (const query of [
        `sku=${sku(1)}&limit=0`,
        `sku=${sku(1)}&limit=many`,
        'limit=5',
        `sku=a%20b`,
      ]) {
        const bad = await api.request(`/api/recommendations?${query}`, { token: me });
        expect(bad.status, query).toBe(400);
        expect(bad.headers.get('content-type')).toContain('application/problem+json');
      }
      expect((await api.request(`/api/recommendations?sku=${sku(1)}`)).status).toBe(401);
    });
  });

  describe('GET /api/recommendations/personalized: for the signed-in customer', () => {
    it('the best-sellers of their categories and what goes with what they bought, none of what they have', async () => {
      const list = await items('/api/recommendations/personalized?limit=4');
      // Their taste (all they bought is of this category) puts its best-seller first; 2, bought
      // with 1 in three of its orders, comes next, ahead of the less popular 3 and 5.
      expect(list.slice(0, 2)).toMatchObject([
        { sku: sku(4), reason: 'popular_in_category' },
        { sku: sku(2), reason: 'bought_together' },
      ]);
      expect(list.map((item) => item.sku)).not.toContain(sku(1));
      expect(list).toHaveLength(4);
    });

    it('an operator may name the customer; a customer may not name another', async () => {
      const response = await api.request(
        `/api/recommendations/personalized?customerId=${customer(0)}&limit=1`,
        { token: operator },
      );
      expect(await response.json()).toMatchObject({
        customerId: customer(0),
        items: [{ sku: sku(4) }],
      });
      const other = await api.request(
        `/api/recommendations/personalized?customerId=${customer(1)}`,
        {
          token: me,
        },
      );
      expect(other.status).toBe(403);
      expect(other.headers.get('content-type')).toContain('application/problem+json');
    });

    it('a customer who never ordered gets the best-sellers', async () => {
      const fresh = await api.token(`rc-${tag}-new`, 'customer');
      const list = await items('/api/recommendations/personalized?limit=3', fresh);
      expect(list).toHaveLength(3);
      expect(list.every((item) => item.reason === 'popular')).toBe(true);
    });
  });
});
