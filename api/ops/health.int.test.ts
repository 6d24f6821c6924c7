import { randomUUID } from 'node:crypto';
import {
  jsonEvent,
  persistentSubscriptionToAllSettingsFromDefaults,
  START,
  streamNameFilter,
} from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { allProjections } from '../../projections/index.ts';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { healthSnapshotSchema, type HealthSnapshot } from './health-schema.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

const health = async (): Promise<HealthSnapshot> => {
  const token = await api.token('olga', 'operator');
  const response = await api.request('/api/admin/health', { token });
  expect(response.status).toBe(200);
  return healthSnapshotSchema.parse(await response.json());
};

const eventually = async <T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

describe('GET /api/admin/health', () => {
  it('given a running system, then the stores are up and every projection has a light and a lag', async () => {
    const snapshot = await health();
    const byId = new Map(snapshot.components.map((c) => [c.id, c]));
    expect(byId.get('store:eventstore')).toMatchObject({ light: 'ok', state: 'Up' });
    expect(byId.get('store:read-models')).toMatchObject({ light: 'ok', state: 'Up' });
    for (const projection of allProjections) {
      const component = byId.get(`projection:${projection.name}`);
      expect(component?.light).toBe('ok');
      expect(component?.lagSeconds).toBeTypeOf('number');
    }
  });

  it('is declared in the OpenAPI document for operators and admins', async () => {
    const document = z
      .object({ paths: z.record(z.string(), z.record(z.string(), z.unknown())) })
      .parse(await (await api.request('/api/openapi.json')).json());
    expect(JSON.stringify(document.paths['/api/admin/health']?.get)).toContain('operator');
  });

  it('refuses a customer', async () => {
    const token = await api.token('dave', 'customer');
    expect((await api.request('/api/admin/health', { token })).status).toBe(403);
  });

  it('given a group whose consumer goes away, then its light turns red with words and its metrics say so', async () => {
    const client = api.system.store.client;
    const group = `health-${randomUUID()}`;
    const prefix = `order-health${randomUUID().slice(0, 8)}`;
    await client.createPersistentSubscriptionToAll(
      group,
      persistentSubscriptionToAllSettingsFromDefaults({ startFrom: START }),
      { filter: streamNameFilter({ prefixes: [`${prefix}-`] }) },
    );
    const subscription = client.subscribeToPersistentSubscriptionToAll(group);
    const consuming = (async () => {
      for await (const delivered of subscription) await subscription.ack(delivered);
    })();
    const running = await eventually(async () =>
      (await health()).components.find((c) => c.name === group && c.light === 'ok'),
    );
    expect(running.state).toBe('Running');

    await subscription.unsubscribe();
    await consuming;
    await client.appendToStream(`${prefix}-1`, jsonEvent({ type: 'Probe', data: {} }));
    const stopped = await eventually(async () =>
      (await health()).components.find((c) => c.name === group && c.light === 'down'),
    );
    expect(stopped.state).toBe('Stopped: no consumer connected');

    const metrics = await (await api.request('/metrics')).text();
    expect(metrics).toContain(
      `order_ledger_component_up{component="${group}",kind="subscription"} 0`,
    );
    expect(metrics).toMatch(
      /order_ledger_subscription_lag_seconds\{subscription="order_summaries",kind="projection"\} \d/,
    );
    expect(metrics).toContain(`order_ledger_persistent_parked_messages{group="${group}"} 0`);
    expect(metrics).toMatch(/order_ledger_open_orders\{status="placed"\} \d+/);
    expect(metrics).toMatch(/order_ledger_order_payments_total\{outcome="authorized"\} \d+/);
    expect(metrics).toContain('order_ledger_nodejs_eventloop_lag_p99_seconds');
    await client.deletePersistentSubscriptionToAll(group);
  });
});
