import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './testing/test-api.ts';

// The read-model queries against the API role with its read models in memory, rebuilt from the
// shared event store at start. Every test works with customers of its own, so other files' orders
// in the same store do not disturb it.
let api: TestApi;
let operator: string;
beforeAll(async () => {
  api = await startTestApi();
  operator = await api.token('op-1', 'operator');
});
afterAll(async () => {
  await api.stop();
});

interface Summary {
  orderId: string;
  customerId: string;
  status: string;
  total: { amount: number };
  placedAt: string;
  position: number;
}
interface Page {
  items: Summary[];
  nextCursor: string | null;
}

const customer = () => `rm-${randomUUID()}`;
/** Places an order and answers its id and the commit position of its OrderPlaced. */
const place = async (token: string, lines: { sku: string; quantity: number }[]) => {
  const response = await api.request('/api/orders', { method: 'POST', token, json: { lines } });
  expect(response.status).toBe(202);
  const { orderId } = (await response.json()) as { orderId: string };
  const position = Number((response.headers.get('x-log-position') ?? '').split('/')[0]);
  return { orderId, position };
};
const list = async (query: string, token = operator) => {
  const response = await api.request(`/api/orders?${query}`, { token });
  return { response, page: response.ok ? ((await response.json()) as Page) : undefined };
};

describe('GET /api/orders', () => {
  it('filters by customer, status and total, pages newest first, and never repeats an order', async () => {
    const alice = customer();
    const token = await api.token(alice, 'customer');
    const placed = [];
    for (let n = 0; n < 7; n++)
      placed.push(
        await place(token, [{ sku: n % 2 === 0 ? 'SKU-3' : 'SKU-1', quantity: 1 + (n % 3) }]),
      );
    const last = placed.at(-1)?.position ?? 0;
    const cancelled = placed[2]?.orderId ?? '';
    const cancel = await api.request(`/api/orders/${cancelled}/cancel`, {
      method: 'POST',
      token,
      json: {},
    });
    expect(cancel.status).toBe(202);

    const pages: Summary[][] = [];
    let cursor: string | null = null;
    do {
      const { page }: { page: Page | undefined } = await list(
        `customerId=${alice}&limit=3&minPosition=${last}${cursor === null ? '' : `&cursor=${cursor}`}`,
      );
      pages.push(page?.items ?? []);
      cursor = page?.nextCursor ?? null;
    } while (cursor !== null);

    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    const ids = pages.flat().map((s) => s.orderId);
    expect(ids).toEqual(placed.map((p) => p.orderId).reverse());
    const placedAts = pages.flat().map((s) => s.placedAt);
    expect(placedAts).toEqual([...placedAts].sort().reverse());

    const { page: cancelledOnly } = await list(
      `customerId=${alice}&status=cancelled&minPosition=${last + 1}`,
    );
    expect(cancelledOnly?.items.map((s) => s.orderId)).toEqual([cancelled]);
    const { page: dear } = await list(`customerId=${alice}&minTotal=4000&sort=placedAt:asc`);
    expect(dear?.items.every((s) => s.total.amount >= 4000)).toBe(true);
    expect(dear?.items.map((s) => s.orderId)).toEqual(
      placed.filter((_, n) => n % 2 === 1 && 1999 * (1 + (n % 3)) >= 4000).map((p) => p.orderId),
    );
    const prefix = placed[4]?.orderId.slice(0, 12) ?? '';
    const { page: byPrefix } = await list(`customerId=${alice}&q=${prefix}`);
    expect(byPrefix?.items.map((s) => s.orderId)).toEqual([placed[4]?.orderId]);
  });

  it('shows a customer only their own orders, whatever customerId they ask for', async () => {
    const [bob, carol] = [customer(), customer()];
    const mine = await place(await api.token(bob, 'customer'), [{ sku: 'SKU-2', quantity: 1 }]);
    const theirs = await place(await api.token(carol, 'customer'), [{ sku: 'SKU-2', quantity: 1 }]);
    const asBob = await api.token(bob, 'customer');

    const { page } = await list(`customerId=${carol}&minPosition=${theirs.position}`, asBob);

    expect(page?.items.map((s) => s.orderId)).toEqual([mine.orderId]);
    expect((await api.request(`/api/orders/${theirs.orderId}`, { token: asBob })).status).toBe(404);
    expect(
      (await api.request(`/api/orders/${theirs.orderId}/timeline`, { token: asBob })).status,
    ).toBe(404);
  });

  it('refuses a cursor used with other filters, a cursor it never gave, and a limit over 100', async () => {
    const dave = customer();
    const token = await api.token(dave, 'customer');
    for (let n = 0; n < 3; n++) await place(token, [{ sku: 'SKU-3', quantity: 1 }]);
    const { page } = await list(`customerId=${dave}&limit=1&minPosition=0`, token);
    const cursor = page?.nextCursor ?? '';
    expect(cursor).not.toBe('');

    const reused = await list(`limit=1&status=placed&cursor=${cursor}`, token);
    const forged = await list(
      `limit=1&cursor=${Buffer.from('{"p":"x"}').toString('base64url')}`,
      token,
    );
    const tooMany = await list('limit=101', token);
    const unknown = await list('colour=red', token);

    for (const { response } of [reused, forged, tooMany, unknown]) {
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
    expect(((await reused.response.json()) as { type: string }).type).toMatch(/invalid_cursor/);
  });
});

describe('reading your own writes', () => {
  it('waits for the position the command answered with, and says so in the headers', async () => {
    const erin = customer();
    const token = await api.token(erin, 'customer');
    const { orderId, position } = await place(token, [{ sku: 'SKU-5', quantity: 2 }]);

    const response = await api.request(`/api/orders/${orderId}?minPosition=${position}`, { token });
    const timeline = await api.request(`/api/orders/${orderId}/timeline`, {
      token,
      headers: { 'X-Min-Position': String(position) },
    });

    expect(response.status).toBe(200);
    expect(Number(response.headers.get('x-read-model-position'))).toBeGreaterThanOrEqual(position);
    expect(response.headers.get('x-read-model-stale')).toBeNull();
    expect(await response.json()).toMatchObject({
      orderId,
      customerId: erin,
      status: 'placed',
      lines: [{ sku: 'SKU-5', quantity: 2 }],
      steps: { placedAt: expect.any(String) as unknown },
      position,
    });
    expect(timeline.status).toBe(200);
    expect(await timeline.json()).toMatchObject({
      orderId,
      entries: [
        { type: 'OrderPlaced', actor: erin, position, summary: 'Order placed: 2 items, EUR 79.98' },
      ],
    });
  });

  it('gives up after about 2 s on a position not reached, and marks the answer stale', async () => {
    const started = Date.now();
    const response = await api.request('/api/orders?minPosition=999999999999', { token: operator });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-read-model-stale')).toBe('true');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('inventory, stats and the admin view of the read models', () => {
  it('shows stock levels with names and low stock to operators, and refuses customers', async () => {
    const before = await api.request('/api/inventory', { token: operator });
    const items = (
      (await before.json()) as { items: { sku: string; name: string; onHand: number }[] }
    ).items;
    const onHand = items.find((i) => i.sku === 'SKU-7')?.onHand ?? 0;
    const restocked = await api.request('/api/inventory/SKU-7/restock', {
      token: operator,
      method: 'POST',
      json: { quantity: 3 },
    });
    expect(restocked.status).toBe(200);

    let level: { onHand: number; name: string; lowStock: boolean } | undefined;
    for (let attempt = 0; attempt < 50 && (level?.onHand ?? 0) < onHand + 3; attempt++) {
      const now = (await (await api.request('/api/inventory', { token: operator })).json()) as {
        items: { sku: string; onHand: number; name: string; lowStock: boolean }[];
      };
      level = now.items.find((i) => i.sku === 'SKU-7');
      await sleep(50);
    }
    expect(level).toMatchObject({ onHand: onHand + 3, name: 'Decaf beans, 500 g' });
    expect(
      (await api.request('/api/inventory', { token: await api.token(customer(), 'customer') }))
        .status,
    ).toBe(403);
  });

  it('counts orders by status and per minute', async () => {
    const frank = customer();
    const { position } = await place(await api.token(frank, 'customer'), [
      { sku: 'SKU-3', quantity: 1 },
    ]);
    const response = await api.request(`/api/stats?minPosition=${position}`, { token: operator });
    expect(response.status).toBe(200);
    const stats = (await response.json()) as {
      byStatus: Record<string, number>;
      ordersPerMinute: { minute: string; placed: number }[];
    };
    expect(stats.byStatus.placed).toBeGreaterThanOrEqual(1);
    expect(stats.ordersPerMinute).toHaveLength(60);
    expect(stats.ordersPerMinute.at(-1)?.minute).toBe(new Date().toISOString().slice(0, 16));
    expect(
      stats.ordersPerMinute.slice(-2).reduce((sum, m) => sum + m.placed, 0),
    ).toBeGreaterThanOrEqual(1);
  });

  it('lists the read models, rebuilds one while the list keeps answering, and refuses a second rebuild', async () => {
    const admin = await api.token('root', 'admin');
    const status = await api.request('/api/admin/projections', { token: admin });
    const { items } = (await status.json()) as {
      items: { name: string; state: string; collection: string }[];
    };
    expect(items.map((i) => [i.name, i.state])).toEqual([
      ['order_summaries', 'live'],
      ['order_timelines', 'live'],
      ['inventory_levels', 'live'],
      ['ops_stats', 'live'],
      ['catalog', 'live'],
      ['analytics_sales', 'live'],
      ['analytics_customers', 'live'],
      ['analytics_carts', 'live'],
      ['recommendations', 'live'],
      ['fraud_reviews', 'live'],
    ]);
    const before = items[0]?.collection;

    const started = await api.request('/api/admin/projections/order_summaries/rebuild', {
      method: 'POST',
      token: admin,
    });
    const again = await api.request('/api/admin/projections/order_summaries/rebuild', {
      method: 'POST',
      token: admin,
    });
    expect(started.status).toBe(202);
    expect(again.status).toBe(409);
    const { rebuild } = (await started.json()) as { rebuild: { collection: string } };
    expect(rebuild.collection).not.toBe(before);

    let active = before;
    for (let attempt = 0; attempt < 300 && active !== rebuild.collection; attempt++) {
      expect((await list('limit=5')).response.status).toBe(200);
      const now = (await (
        await api.request('/api/admin/projections', { token: admin })
      ).json()) as { items: { collection: string }[] };
      active = now.items[0]?.collection;
      await sleep(100);
    }
    expect(active).toBe(rebuild.collection);
    expect(
      (
        await api.request('/api/admin/projections/nothing/rebuild', {
          method: 'POST',
          token: admin,
        })
      ).status,
    ).toBe(404);
    expect((await api.request('/api/admin/projections', { token: operator })).status).toBe(403);
  }, 60_000);
});
