import { randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectEventStore, type EventStore } from '../infra/eventstore/event-store.ts';
import { serverUrl } from '../infra/test-servers/use-server.ts';
import { history } from '../projections/analytics/testing/history.ts';
import { isDomainEvent } from '../projections/projection.ts';
import { projectionCodec } from './roles/projections.ts';
import { addDays } from './analytics/query.ts';
import type { Fulfilment, Sales, Summary } from './analytics/schemas.ts';
import { startTestApi, type TestApi } from './testing/test-api.ts';

// The harness's event store is shared: this history is back-dated to days of its own, far in
// the past, so no other test's orders fall in the ranges asked for.
const firstDay = addDays('1995-01-02', randomInt(0, 5_000));
const shift = Date.parse(firstDay) - Date.parse('2025-03-01');
const tag = randomUUID().slice(0, 8);
const { orders, written } = history(30, { perDay: 5, customers: 4 });
const days = 6; // 30 orders, 5 a day
const range = { from: firstDay, to: addDays(firstDay, days - 1) };

let api: TestApi;
let store: EventStore;
let operator: string;

const get = (path: string, token = operator) => api.request(path, { token });
const query = (extra = '') => `from=${range.from}&to=${range.to}${extra}`;

beforeAll(async () => {
  api = await startTestApi();
  store = connectEventStore(serverUrl('eventstore'));
  operator = await api.token('analyst', 'operator');
  for (const w of written) {
    const stream = w.stream.replace(/-(o|SKU)-/, (m, kind: string) =>
      kind === 'o' ? `-${tag}-o-` : m,
    );
    const event =
      isDomainEvent(w.event) && w.event.type === 'OrderPlaced'
        ? {
            ...w.event,
            data: {
              ...w.event.data,
              orderId: `${tag}-${w.event.data.orderId}`,
              customerId: `${tag}-${w.event.data.customerId}`,
            },
          }
        : isDomainEvent(w.event) && 'orderId' in w.event.data
          ? { ...w.event, data: { ...w.event.data, orderId: `${tag}-${w.event.data.orderId}` } }
          : w.event;
    const occurredAt = new Date(Date.parse(w.at) + shift).toISOString();
    await store.append(
      stream,
      [{ event, metadata: { $correlationId: tag, $causationId: tag, actor: w.actor, occurredAt } }],
      projectionCodec,
      'any',
    );
  }
  // The read models catch up with what was just appended.
  const deadline = Date.now() + 120_000;
  for (;;) {
    const sales = (await (await get(`/api/analytics/sales?${query()}`)).json()) as Sales;
    // Deliveries count on their own day, up to three days after the last order.
    const fulfilment = (await (
      await get(`/api/analytics/fulfilment?from=${range.from}&to=${addDays(range.to, 5)}`)
    ).json()) as Fulfilment;
    const delivered = orders.filter((o) => o.outcome === 'delivered').length;
    if (
      sales.current.totals.orders === orders.length &&
      fulfilment.current.funnel.delivered === delivered
    )
      break;
    if (Date.now() > deadline)
      throw new Error(
        `the analytics read models did not catch up: ${JSON.stringify(sales).slice(0, 300)} ${JSON.stringify(fulfilment.current.funnel)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 240_000);
afterAll(async () => {
  await store.close();
  await api.stop();
});

describe('GET /api/analytics/*: a back-dated history, asked for by range', () => {
  it('sales for the range and the previous period: every order of the range, none before it', async () => {
    const response = await get(`/api/analytics/sales?${query('&compare=previous')}`);
    expect(response.status).toBe(200);
    const sales = (await response.json()) as Sales;
    expect(sales.range).toEqual({ ...range, days });
    expect(sales.compareRange).toEqual({
      from: addDays(firstDay, -days),
      to: addDays(firstDay, -1),
      days,
    });
    expect(sales.current.totals.orders).toBe(30);
    expect(sales.previous?.totals.orders).toBe(0);
    expect(sales.current.series.map((s) => s.orders)).toEqual([5, 5, 5, 5, 5, 5]);
  });

  it('a narrower range holds only its own days', async () => {
    const sales = (await (
      await get(`/api/analytics/sales?from=${addDays(firstDay, 1)}&to=${addDays(firstDay, 2)}`)
    ).json()) as Sales;
    expect(sales.current.totals.orders).toBe(10);
  });

  it('every endpoint answers for the range with comparison', async () => {
    for (const name of ['summary', 'sales', 'products', 'customers', 'fulfilment']) {
      const response = await get(`/api/analytics/${name}?${query('&compare=previous')}`);
      expect(response.status, name).toBe(200);
    }
    const summary = (await (
      await get(`/api/analytics/summary?${query('&compare=previous')}`)
    ).json()) as Summary;
    expect(summary.metrics.orders).toMatchObject({ value: 30, previous: 0, change: null });
    expect(summary.metrics.newCustomers.value).toBe(4);
    expect(summary.metrics.revenue.series).toHaveLength(days);
  });

  it('format=csv: a file of one row per figure, the previous period after the current', async () => {
    const response = await get(
      `/api/analytics/fulfilment?${query('&compare=previous&format=csv')}`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toContain(
      `analytics-fulfilment-${range.from}-${range.to}.csv`,
    );
    const lines = (await response.text()).trim().split('\r\n');
    expect(lines[0]).toBe('period,figure,value');
    expect(lines).toContain('current,funnel.placed,30');
    expect(lines).toContain('previous,funnel.placed,0');
  });

  it('an inverted range is a 400 problem naming the field', async () => {
    const response = await get(`/api/analytics/sales?from=${range.to}&to=${range.from}`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(await response.json())).toContain('to must not be before from');
    expect((await get('/api/analytics/summary?from=2025-02-30')).status).toBe(400);
  });

  it('customers and auditors are refused; no token is 401', async () => {
    expect(
      (await get(`/api/analytics/summary?${query()}`, await api.token('c1', 'customer'))).status,
    ).toBe(403);
    expect(
      (await get(`/api/analytics/sales?${query()}`, await api.token('a1', 'auditor'))).status,
    ).toBe(403);
    expect((await api.request(`/api/analytics/sales?${query()}`)).status).toBe(401);
  });

  it('the OpenAPI document describes every analytics route', async () => {
    const document = (await (await api.request('/api/openapi.json')).json()) as {
      paths: Record<string, unknown>;
    };
    for (const name of ['summary', 'sales', 'products', 'customers', 'fulfilment'])
      expect(Object.keys(document.paths)).toContain(`/api/analytics/${name}`);
  });
});
