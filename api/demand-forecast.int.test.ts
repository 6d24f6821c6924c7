import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../domain/events.ts';
import { connectEventStore, type EventStore } from '../infra/eventstore/event-store.ts';
import { serverUrl } from '../infra/test-servers/use-server.ts';
import type { DemandForecast } from './analytics/forecast-query.ts';
import { addDays, dayKey } from './analytics/query.ts';
import { projectionCodec } from './roles/projections.ts';
import { startTestApi, type TestApi } from './testing/test-api.ts';

// Given ten weeks of one new sku's orders, back-dated to the days before today with a weekly
// pattern (by UTC weekday), and 20 units in stock; when its forecast is asked for; then the
// pattern carries on and the stock advice follows from it. The sku is this run's own, so other
// tests sharing the harness's event store do not touch its figures.
const tag = randomUUID().slice(0, 8);
const sku = `FC-${tag}`;
const byWeekday = [6, 3, 4, 5, 4, 3, 8]; // Sunday first, as getUTCDay counts
const unitsOn = (day: string) => byWeekday[new Date(`${day}T00:00:00Z`).getUTCDay()] ?? 0;
const yesterday = addDays(dayKey(Date.now()), -1);
const days = Array.from({ length: 70 }, (_, n) => addDays(yesterday, n - 69));
const restocked = 20;
const price = { amount: 500, currency: 'EUR' };

let api: TestApi;
let store: EventStore;
let operator: string;

const get = (path: string, token = operator) => api.request(path, { token });
const forecastOf = async (query = ''): Promise<DemandForecast> => {
  const response = await get(`/api/analytics/demand-forecast?sku=${sku}${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as DemandForecast;
};

const append = (stream: string, event: DomainEvent, occurredAt: string) =>
  store.append(
    stream,
    [{ event, metadata: { $correlationId: tag, $causationId: tag, actor: 'test', occurredAt } }],
    projectionCodec,
    'any',
  );

beforeAll(async () => {
  api = await startTestApi();
  store = connectEventStore(serverUrl('eventstore'));
  operator = await api.token('planner', 'operator');
  for (const [n, day] of days.entries()) {
    const at = `${day}T12:00:00.000Z`;
    const quantity = unitsOn(day);
    await append(
      `order-${tag}-${String(n)}`,
      {
        type: 'OrderPlaced',
        data: {
          orderId: `${tag}-${String(n)}`,
          customerId: `${tag}-c`,
          lines: [
            {
              sku,
              name: 'Forecast mug',
              quantity,
              unitPrice: price,
              lineTotal: { ...price, amount: price.amount * quantity },
              category: 'Forecasting',
            },
          ],
          total: { ...price, amount: price.amount * quantity },
          placedAt: at,
        },
      },
      at,
    );
  }
  const now = new Date().toISOString();
  await append(
    `inventory-${sku}`,
    { type: 'StockRestocked', data: { sku, quantity: restocked, restockedAt: now } },
    now,
  );
  // The read models catch up with what was just appended.
  const expected = days.slice(-56).reduce((sum, day) => sum + unitsOn(day), 0);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const response = await get(`/api/analytics/demand-forecast?sku=${sku}`);
    if (response.status === 200) {
      const body = (await response.json()) as DemandForecast;
      const seen = body.history.reduce((sum, d) => sum + d.units, 0);
      if (seen === expected && body.stock === restocked) break;
    }
    if (Date.now() > deadline) throw new Error('the read models did not catch up');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 240_000);
afterAll(async () => {
  await store.close();
  await api.stop();
});

describe('GET /api/analytics/demand-forecast', () => {
  it('the last 8 weeks as history, then 7 days from today repeating the weekly pattern', async () => {
    const body = await forecastOf();
    expect(body).toMatchObject({ sku, category: 'Forecasting', asOf: yesterday, stock: 20 });
    expect(body.history.map((d) => d.day)).toEqual(days.slice(-56));
    expect(body.history.map((d) => d.units)).toEqual(days.slice(-56).map(unitsOn));
    expect(body.model).toMatchObject({ name: 'sarima', fittedOn: 70, params: { s: 7 } });
    expect(body.forecast).toHaveLength(7);
    body.forecast.forEach((point, n) => {
      expect(point.day).toBe(addDays(yesterday, n + 1));
      expect(point.units).toBeCloseTo(unitsOn(point.day), 0);
      expect(point.lo95).toBeLessThanOrEqual(point.lo80);
      expect(point.lo80).toBeLessThanOrEqual(point.units);
      expect(point.hi80).toBeLessThanOrEqual(point.hi95);
    });
  });

  it('reorder point, days of cover and the order to place follow from the forecast and the stock', async () => {
    const body = await forecastOf();
    const week = days.slice(-7).reduce((sum, day) => sum + unitsOn(day), 0);
    expect(body).toMatchObject({ leadTimeDays: 7, serviceLevel: 0.95, reviewDays: 7 });
    expect(body.leadTimeDemand).toBeCloseTo(week, 0);
    expect(body.reorderPoint).toBe(Math.ceil(body.leadTimeDemand + body.safetyStock));
    // 20 in stock is below a week's demand: order now, up to two weeks' worth.
    expect(body.suggestedReorder).toBe(body.orderUpTo - 20);
    expect(body.orderUpTo).toBeGreaterThanOrEqual(2 * week - 1);
    let left = 20;
    let cover = 0;
    for (const point of body.forecast) {
      if (point.units > left) break;
      left -= point.units;
      cover += 1;
    }
    expect(body.daysOfCover).toBe(cover);
  });

  it('30 days ahead; a longer lead time and a higher service level raise the reorder point', async () => {
    const base = await forecastOf();
    const month = await forecastOf('&horizon=30');
    expect(month.forecast).toHaveLength(30);
    const stricter = await forecastOf('&leadTimeDays=14&serviceLevel=0.99');
    expect(stricter).toMatchObject({ leadTimeDays: 14, serviceLevel: 0.99 });
    expect(stricter.reorderPoint).toBeGreaterThan(base.reorderPoint);
  });

  it('an unknown sku is 404, bad parameters 400, both as problem+json', async () => {
    const unknown = await get(`/api/analytics/demand-forecast?sku=NOPE-${tag}`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/application\/problem\+json/);
    for (const bad of [
      `sku=${sku}&horizon=10`,
      `sku=${sku}&serviceLevel=1.5`,
      `sku=${sku}&leadTimeDays=0`,
      `sku=${sku}&extra=1`,
      'horizon=7',
    ]) {
      const response = await get(`/api/analytics/demand-forecast?${bad}`);
      expect(response.status, bad).toBe(400);
      expect(response.headers.get('content-type'), bad).toMatch(/application\/problem\+json/);
    }
  });

  it('operators and admins only, like the other analytics', async () => {
    const customer = await api.token('shopper', 'customer');
    expect((await get(`/api/analytics/demand-forecast?sku=${sku}`, customer)).status).toBe(403);
    expect((await api.request(`/api/analytics/demand-forecast?sku=${sku}`)).status).toBe(401);
  });

  it('the OpenAPI document describes it', async () => {
    const document = (await (await api.request('/api/openapi.json')).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(document.paths)).toContain('/api/analytics/demand-forecast');
  });
});
