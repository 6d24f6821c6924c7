import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './testing/test-api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

describe('operations endpoints', () => {
  it('answers /health and, with the event store reachable and the read models caught up, /ready', async () => {
    expect(await (await api.request('/health')).json()).toEqual({ status: 'ok' });
    const ready = await api.request('/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: { eventstore: 'ok', 'read-models': 'ok' },
    });
  });

  it('counts requests by route pattern and status, and commands by outcome, in /metrics', async () => {
    const token = await api.token('metrics-customer', 'customer');
    const placed = await api.request('/api/orders', {
      method: 'POST',
      token,
      json: { lines: [{ sku: 'SKU-2', quantity: 1 }] },
    });
    const { orderId } = (await placed.json()) as { orderId: string };
    await api.request(`/api/orders/${orderId}`, { token });
    await api.request('/api/orders', {
      method: 'POST',
      token,
      json: {
        lines: [
          { sku: 'SKU-2', quantity: 1 },
          { sku: 'SKU-2', quantity: 1 },
        ],
      },
    });
    const text = await (await api.request('/metrics')).text();
    expect(text).toMatch(
      /order_ledger_http_request_duration_seconds_count\{method="GET",route="\/api\/orders\/:id",status="200"\} \d+/,
    );
    expect(text).toMatch(
      /order_ledger_http_request_duration_seconds_count\{method="POST",route="\/api\/orders",status="202"\} \d+/,
    );
    expect(text).not.toContain(orderId);
    expect(text).toMatch(
      /order_ledger_commands_total\{aggregate="order",outcome="handled"\} [1-9]/,
    );
    expect(text).toMatch(
      /order_ledger_commands_total\{aggregate="order",outcome="refused"\} [1-9]/,
    );
    expect(text).toMatch(/order_ledger_command_conflicts_total/);
  });

  it('serves an OpenAPI 3.1 document generated from the routes and their schemas', async () => {
    const document = (await (await api.request('/api/openapi.json')).json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: {
              content: Record<string, { schema: { properties?: Record<string, unknown> } }>;
            };
            parameters?: { name: string; in: string }[];
          }
        >
      >;
    };
    expect(document.openapi).toBe('3.1.0');
    const place = document.paths['/api/orders']?.post;
    expect(place?.requestBody?.content['application/json']?.schema.properties).toHaveProperty(
      'lines',
    );
    expect(place?.parameters).toContainEqual(
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }),
    );
    expect(document.paths['/api/orders/{id}']?.get?.parameters).toContainEqual(
      expect.objectContaining({ name: 'id', in: 'path' }),
    );
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/products',
        '/api/inventory/{sku}/restock',
        '/health',
        '/ready',
        '/metrics',
      ]),
    );
  });

  it('answers an unknown API route with a 404 problem', async () => {
    const response = await api.request('/api/nothing-here');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('tells a signed-in caller who the token says they are', async () => {
    const me = await api.request('/api/auth/me', {
      token: await api.token('zoe', 'auditor', 'operator'),
    });
    expect(await me.json()).toEqual({ sub: 'zoe', roles: ['auditor', 'operator'] });
    expect((await api.request('/api/auth/me')).status).toBe(401);
  });

  it('does not offer dev tokens outside embedded mode', async () => {
    const response = await api.request('/api/auth/dev-token', {
      method: 'POST',
      json: { sub: 'mallory', roles: ['admin'] },
    });
    expect(response.status).toBe(404);
  });
});
