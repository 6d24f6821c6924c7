import { randomInt, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../infra/config.ts';
import { silentLogger } from '../infra/logger.ts';
import { serverUrl } from '../infra/test-servers/use-server.ts';
import { manualClock } from '../processes/ports/clock.ts';
import { addDays } from './analytics/query.ts';
import type { Carts } from './analytics/schemas.ts';
import { startSystem, type RunningSystem } from './system.ts';
import { signToken, testSecret } from './testing/test-api.ts';

// Carts filled and checked out over HTTP on an api whose clock stands on days of this test's own,
// far in the past (the harness's event store is shared), then moved on so carts are left.
const run = randomUUID().slice(0, 8);
const day0 = addDays('1995-01-02', randomInt(0, 5_000));
const day1 = addDays(day0, 1);
const at = (day: string, time: string) => new Date(`${day}T${time}Z`);
const clock = manualClock(at(day0, '10:00:00'));
const skuA = `CARTS-${run}-A`;
const skuB = `CARTS-${run}-B`;

let system: RunningSystem;
let dataDir: string;
let operator: string;

const request = (
  path: string,
  {
    token,
    json,
    method = 'GET',
    headers = {},
  }: {
    token?: string;
    json?: unknown;
    method?: string;
    headers?: Record<string, string>;
  } = {},
) =>
  fetch(`${system.url}${path}`, {
    method,
    headers: {
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...headers,
    },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
const ok = async (response: Promise<Response>, status: number) => {
  const answered = await response;
  expect(answered.status, await answered.clone().text()).toBe(status);
  return answered;
};

const addProduct = async (sku: string, amount: number) => {
  await ok(
    request('/api/admin/products', {
      method: 'POST',
      token: operator,
      json: {
        sku,
        name: `Carts test ${sku}`,
        category: 'Test',
        description: 'for the carts analytics test',
        unitPrice: { amount, currency: 'EUR' },
      },
    }),
    201,
  );
  await ok(
    request(`/api/inventory/${sku}/restock`, {
      method: 'POST',
      token: operator,
      json: { quantity: 100 },
    }),
    200,
  );
  for (let i = 0; i < 100; i++) {
    if ((await request(`/api/products/${sku}`, { token: operator })).status === 200) return;
    await sleep(50);
  }
  throw new Error(`${sku} never reached the catalog`);
};

/** A registered customer with one address, and a token of theirs. */
const customer = async (who: string) => {
  const created = await ok(
    request('/api/customers', {
      method: 'POST',
      json: {
        email: `${who}.${run}@example.com`,
        password: `a long passphrase for ${who}`,
        name: `${who} Tester`,
      },
    }),
    201,
  );
  const { customerId } = (await created.json()) as { customerId: string };
  const token = await signToken({ sub: customerId, roles: ['customer'] });
  const address = await ok(
    request('/api/customers/me/addresses', {
      method: 'POST',
      token,
      json: {
        recipient: `${who} Tester`,
        line1: '1 Rue du Test',
        postalCode: '75001',
        city: 'Paris',
        country: 'FR',
      },
    }),
    201,
  );
  const { addressId } = (await address.json()) as { addressId: string };
  return {
    add: (sku: string, quantity: number) =>
      ok(request('/api/cart/items', { method: 'POST', token, json: { sku, quantity } }), 200),
    remove: (sku: string) =>
      ok(request(`/api/cart/items/${sku}`, { method: 'DELETE', token }), 200),
    checkout: () =>
      ok(
        request('/api/cart/checkout', {
          method: 'POST',
          token,
          json: { addressId },
          headers: { 'Idempotency-Key': randomUUID() },
        }),
        202,
      ),
  };
};

const carts = async (query: string): Promise<Carts> =>
  (await (
    await ok(request(`/api/analytics/carts?${query}`, { token: operator }), 200)
  ).json()) as Carts;
const both = `from=${day0}&to=${day1}`;

/** Asks until the read model holds `started` carts for the two days. */
const caughtUp = async (started: number, checkedOut: number): Promise<Carts> => {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const answer = await carts(both);
    if (answer.current.started === started && answer.current.checkedOut === checkedOut)
      return answer;
    if (Date.now() > deadline)
      throw new Error(`analytics_carts did not catch up: ${JSON.stringify(answer.current)}`);
    await sleep(100);
  }
};

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'carts-analytics-'));
  const config = loadConfig({
    EVENTSTORE_CONNECTION_STRING: serverUrl('eventstore'),
    JWT_SECRET: testSecret,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    PASSWORD_HASH_COST: '14',
    ORDER_RATE_LIMIT_PER_MINUTE: '0',
    FRAUD_REVIEW_THRESHOLD: '101',
  });
  system = await startSystem({ config, role: 'api', logger: silentLogger(), clock });
  operator = await signToken({ sub: `analyst-${run}`, roles: ['operator'] });
  await addProduct(skuA, 1250);
  await addProduct(skuB, 300);
}, 120_000);
afterAll(async () => {
  await system.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('GET /api/analytics/carts: carts filled over HTTP, counted by business day', () => {
  it('given carts checked out, emptied, left and come back to, then the days’ figures and the abandonment rate', async () => {
    const [buyer, leaver, returner, emptier] = await Promise.all(
      ['Buyer', 'Leaver', 'Returner', 'Emptier'].map(customer),
    );
    if (!buyer || !leaver || !returner || !emptier) throw new Error('four customers expected');
    // Day 0, from 10:00: four carts start; one is checked out, one emptied.
    await buyer.add(skuA, 2);
    await buyer.checkout();
    await leaver.add(skuA, 1);
    await leaver.add(skuB, 2);
    await returner.add(skuB, 1);
    await emptier.add(skuB, 1);
    await emptier.remove(skuB);
    // Two hours on, nothing is left for long enough yet.
    clock.set(at(day0, '12:00:00'));
    const early = await caughtUp(4, 1);
    expect(early.current).toMatchObject({ emptied: 1, abandoned: 0, abandonmentRate: 0 });

    // Day 1 noon: the returner comes back after 26 hours and checks out.
    clock.set(at(day1, '12:00:00'));
    await returner.add(skuA, 1);
    await returner.checkout();
    const answer = await caughtUp(4, 2);

    // Left on day 0: the leaver's 12.50 + 2 × 3.00 (still untouched), the returner's 3.00.
    expect(answer.current).toMatchObject({
      started: 4,
      checkedOut: 2,
      emptied: 1,
      abandoned: 2,
      abandonedValue: 1250 + 600 + 300,
      recovered: 1,
      abandonmentRate: 0.5,
      abandonedAfterHours: 24,
    });
    expect(answer.current.series).toEqual([
      { day: day0, started: 4, checkedOut: 1, abandoned: 2, abandonedValue: 2150 },
      { day: day1, started: 0, checkedOut: 1, abandoned: 0, abandonedValue: 0 },
    ]);
    expect(answer.currency).toBe('EUR');
  });

  it('compared with the previous period, and as CSV', async () => {
    const compared = await carts(`${both}&compare=previous`);
    expect(compared.compareRange).toMatchObject({ from: addDays(day0, -2), to: addDays(day0, -1) });
    expect(compared.previous).toMatchObject({ started: 0, abandoned: 0, abandonmentRate: null });

    const csv = await ok(
      request(`/api/analytics/carts?${both}&compare=previous&format=csv`, { token: operator }),
      200,
    );
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = (await csv.text()).trim().split('\r\n');
    expect(rows[0]).toBe('period,figure,value');
    expect(rows).toContain('current,abandoned,2');
    expect(rows).toContain('current,abandonmentRate,0.5');
    expect(rows).toContain(`current,series.${day0}.abandonedValue,2150`);
    expect(rows).toContain('previous,abandoned,0');
  });

  it('rebuilt from the log into a new collection (npm run projections -- rebuild analytics_carts), the same figures', async () => {
    const before = await carts(`${both}&compare=previous`);
    const admin = await signToken({ sub: `admin-${run}`, roles: ['admin'] });
    const started = await ok(
      request('/api/admin/projections/analytics_carts/rebuild', { method: 'POST', token: admin }),
      202,
    );
    const { rebuild } = (await started.json()) as { rebuild: { collection: string } };
    const activeCollection = async () => {
      const listed = await ok(request('/api/admin/projections', { token: admin }), 200);
      const { items } = (await listed.json()) as { items: { name: string; collection: string }[] };
      return items.find((item) => item.name === 'analytics_carts')?.collection;
    };
    const deadline = Date.now() + 60_000;
    while ((await activeCollection()) !== rebuild.collection) {
      if (Date.now() > deadline) throw new Error('the rebuild never took over');
      await sleep(100);
    }
    expect(await carts(`${both}&compare=previous`)).toEqual(before);
  }, 90_000);

  it('is for operators and admins, and the OpenAPI document describes it', async () => {
    const customerToken = await signToken({ sub: `someone-${run}`, roles: ['customer'] });
    await ok(request(`/api/analytics/carts?${both}`, { token: customerToken }), 403);
    await ok(request(`/api/analytics/carts?${both}`), 401);
    const document = (await (await request('/api/openapi.json')).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(document.paths)).toContain('/api/analytics/carts');
  });
});
