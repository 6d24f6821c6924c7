import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Inspection } from '../processes/fulfilment/index.ts';
import { createWorld, eventually, type SagaWorld } from '../processes/fulfilment/int-support.ts';
import { serverUrl } from '../infra/test-servers/use-server.ts';
import { startTestApi, type TestApi } from './testing/test-api.ts';

// Cross-order audit over a history written the way operators write it: the saga runs in this test
// (on its own ids), customers' orders are placed through the command path, and two operators
// retry and cancel through the HTTP API. The search reads the whole shared log of the harness.

const pageSchema = z.object({
  items: z.array(
    z.object({
      position: z.object({ commit: z.number(), prepare: z.number() }),
      stream: z.string(),
      type: z.string(),
      eventId: z.string(),
      actor: z.string().nullable(),
      occurredAt: z.string().nullable(),
      orderId: z.string().nullable(),
      summary: z.string(),
    }),
  ),
  next: z.string().nullable(),
  scanned: z.number(),
  filtering: z.object({
    server: z.object({ on: z.string() }).loose(),
    client: z.array(z.string()),
  }),
});
type Page = z.infer<typeof pageSchema>;
type Item = Page['items'][number];

let world: SagaWorld;
let api: TestApi;
let auditor: string;
const run = randomUUID().slice(0, 6);
const opX = `op-x-${run}`;
const opY = `op-y-${run}`;
const orders = { a: '', b: '', c: '' };

const stage = async (orderId: string): Promise<Inspection['state']> =>
  (await world.latest().inspect(orderId)).state;
const until = (orderId: string, holds: (s: Inspection['state']) => boolean) =>
  eventually(
    async () => holds(await stage(orderId)),
    async () => JSON.stringify(await stage(orderId)),
  );

const post = async (path: string, sub: string, json: unknown) => {
  const token = await api.token(sub, 'operator');
  const response = await api.request(path, { method: 'POST', token, json });
  expect(response.status, await response.clone().text()).toBe(202);
};

const search = async (query: string, token = auditor): Promise<Page> => {
  const response = await api.request(`/api/audit/events?${query}`, { token });
  expect(response.status, await response.clone().text()).toBe(200);
  return pageSchema.parse(await response.json());
};

/** Every page of a search, following `next`. */
const allPages = async (query: string): Promise<Page[]> => {
  const pages = [await search(query)];
  for (let page = pages[0]; page?.next != null; page = pages.at(-1)) {
    pages.push(await search(`${query}&after=${encodeURIComponent(page.next)}`));
  }
  return pages;
};

beforeAll(async () => {
  world = createWorld(serverUrl('eventstore'));
  api = await startTestApi();
  auditor = await api.token('audrey', 'auditor');
  const sku = world.sku('SEARCH');
  await world.restock(sku, 10);
  // Shipping refused once and retried only after a minute: confirmed orders stay cancellable.
  world.start({ paymentDeclineGraceMs: 60_000, shippingRetryBaseMs: 60_000 });
  orders.a = world.orderId(`fail-ship-once-search-a`);
  orders.b = world.orderId(`fail-ship-once-search-b`);
  orders.c = world.orderId(`fail-ship-once-search-c`);
  // A's first payment is declined (an amount ending in 14); operator X retries it, then cancels.
  await world.place(orders.a, [{ sku, quantity: 1, unitPrice: 2014 }]);
  await until(orders.a, (s) => s.stage !== 'unstarted' && s.payment.status === 'declined');
  await post(`/api/admin/orders/${orders.a}/retry`, opX, { step: 'payment' });
  await world.place(orders.b, [{ sku, quantity: 2, unitPrice: 1500 }]);
  await until(orders.a, (s) => s.stage !== 'unstarted' && s.shipping.failures > 0);
  await until(orders.b, (s) => s.stage !== 'unstarted' && s.shipping.failures > 0);
  await post(`/api/orders/${orders.a}/cancel`, opX, { reason: 'customer called' });
  // Operator Y cancels B, X cancels C: both paid, so the saga refunds them.
  await post(`/api/orders/${orders.b}/cancel`, opY, { reason: 'duplicate order' });
  await world.place(orders.c, [{ sku, quantity: 1, unitPrice: 999 }]);
  await until(orders.c, (s) => s.stage !== 'unstarted' && s.shipping.failures > 0);
  await post(`/api/orders/${orders.c}/cancel`, opX, { reason: 'fraud check' });
  for (const orderId of Object.values(orders)) await until(orderId, (s) => s.stage === 'completed');
}, 120_000);
afterAll(async () => {
  await api.stop();
  await world.close();
});

const csvLines = async (query: string) => {
  const response = await api.request(`/api/audit/events?${query}&format=csv`, { token: auditor });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
  return (await response.text()).trimEnd().split('\r\n');
};

describe('GET /api/audit/events', () => {
  it('finds every event of one operator across orders, in log order, one page at a time, and the CSV says the same', async () => {
    const pages = await allPages(`actor=${opX}&limit=1`);
    const found = pages.flatMap((page) => page.items);
    expect(found.map((e) => [e.type, e.stream, e.actor])).toEqual([
      ['RetryRequested', `fulfilment-${orders.a}`, opX],
      ['OrderCancelled', `order-${orders.a}`, opX],
      ['OrderCancelled', `order-${orders.c}`, opX],
    ]);
    expect(pages.every((page) => page.items.length <= 1)).toBe(true);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    const commits = found.map((e) => e.position.commit);
    expect(commits).toEqual([...commits].sort((x, y) => x - y));
    expect(found.map((e) => e.orderId)).toEqual([orders.a, orders.a, orders.c]);
    expect(pages[0]?.filtering).toEqual({ server: { on: 'non-system' }, client: ['actor'] });

    const [header, ...rows] = await csvLines(`actor=${opX}`);
    expect(header).toBe(
      'position,occurredAt,recordedAt,stream,revision,type,actor,correlation,summary,eventId',
    );
    expect(rows.map((row) => row.split(',').at(-1))).toEqual(found.map((e) => e.eventId));
    expect(rows[1]).toContain(`Order cancelled by ${opX}: customer called`);
  });

  it('finds refunds by event type (filtered by the event store), with the amount in major units, and narrows them by business time', async () => {
    const refunds = (await allPages(`type=PaymentRefunded&stream=payment-${world.prefix}`)).flatMap(
      (page) => page.items,
    );
    expect(refunds.map((e) => e.orderId).sort()).toEqual(Object.values(orders).sort());
    const refundOf = (orderId: string) => refunds.find((e) => e.orderId === orderId);
    expect(refundOf(orders.a)?.summary).toBe('Refunded EUR 20.14');
    expect(refundOf(orders.b)?.summary).toBe('Refunded EUR 30.00');
    expect(refundOf(orders.c)?.summary).toBe('Refunded EUR 9.99');

    const b = refundOf(orders.b)?.occurredAt ?? '';
    const justAfter = new Date(Date.parse(b) + 1).toISOString();
    const inRange = await allPages(
      `type=PaymentRefunded&stream=payment-${world.prefix}&from=${b}&to=${justAfter}`,
    );
    expect(inRange[0]?.filtering).toEqual({
      server: { on: 'event-type', types: ['PaymentRefunded'] },
      client: ['from', 'to', 'stream'],
    });
    expect(inRange.flatMap((page) => page.items).map((e: Item) => e.orderId)).toEqual([orders.b]);
    const before = await allPages(
      `type=PaymentRefunded,OrderCancelled&stream=payment-${world.prefix}&to=2000-01-01T00:00:00Z`,
    );
    expect(before.flatMap((page) => page.items)).toEqual([]);

    const cancels = (await allPages(`type=OrderCancelled&actor=${opY}`)).flatMap((p) => p.items);
    expect(cancels.map((e) => e.stream)).toEqual([`order-${orders.b}`]);
  });

  it('refuses bad input with a 400 problem, and a cursor made for other filters', async () => {
    const bad = [
      'type=NotAnEvent',
      'stream=$ce-order',
      'from=yesterday',
      'from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z',
      'limit=0',
      'after=forged.cursor',
      'format=xml',
      'colour=red',
    ];
    for (const query of bad) {
      const response = await api.request(`/api/audit/events?${query}`, { token: auditor });
      expect(response.status, query).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const first = await search(`actor=${opX}&limit=1`);
    const reused = await api.request(
      `/api/audit/events?actor=${opY}&after=${encodeURIComponent(first.next ?? '')}`,
      { token: auditor },
    );
    expect(reused.status).toBe(400);
  });

  it('is for auditors and admins: a customer or an operator gets 403', async () => {
    for (const role of ['customer', 'operator'] as const) {
      const token = await api.token(`someone-${role}`, role);
      expect((await api.request('/api/audit/events', { token })).status).toBe(403);
    }
    const admin = await api.token('ada', 'admin');
    expect((await api.request(`/api/audit/events?actor=${opY}`, { token: admin })).status).toBe(
      200,
    );
  });
});
