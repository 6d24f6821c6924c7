import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  binaryEvent,
  jsonEvent,
  type EventData,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../infra/config.ts';
import { startPrivateEventStore } from '../infra/test-servers/eventstore.ts';
import type { StartedServer } from '../infra/test-servers/types.ts';
import { startSystem, type RunningSystem } from './system.ts';
import { metricValue } from './testing/app-processes.ts';
import { signToken, testSecret } from './testing/test-api.ts';

// Corrupt events written straight into the store, past the product's zod schemas: one whose data
// fails its schema, one that is not JSON at all. The whole product runs in this process (api,
// saga, read models) on an event store of this file's own, so its saga sees no other file's orders.
let eventStore: StartedServer | undefined;
let system: RunningSystem | undefined;
const logged: string[] = [];

beforeAll(async () => {
  eventStore = await startPrivateEventStore();
  const config = loadConfig({
    EVENTSTORE_CONNECTION_STRING: eventStore.url,
    JWT_SECRET: testSecret,
    HOST: '127.0.0.1',
    PORT: '0',
    CARRIER_DELIVERY_DELAY_MS: '100',
    WAREHOUSE_PICK_PACK_MS: '0',
    PAYMENT_DECLINE_GRACE_MS: '0',
  });
  const logger = pino({ level: 'error' }, { write: (line: string) => void logged.push(line) });
  system = await startSystem({ config, role: 'all', logger });
});

afterAll(async () => {
  await system?.stop();
  await eventStore?.stop();
});

const running = (): RunningSystem => {
  if (system === undefined) throw new Error('the system did not start');
  return system;
};

const request = async (path: string, token: string, json?: unknown) =>
  fetch(`${running().url}${path}`, {
    method: json === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });

const placeOrder = async (token: string): Promise<string> => {
  const response = await request('/api/orders', token, {
    lines: [{ sku: 'SKU-1', quantity: 1 }],
  });
  expect(response.status, await response.clone().text()).toBe(202);
  const { orderId } = (await response.json()) as { orderId: string };
  return orderId;
};

/** Polls GET /api/orders/:id (the read model) until the order has `status`. */
const untilStatus = async (orderId: string, token: string, status: string) => {
  const deadline = Date.now() + 30_000;
  let last = '';
  while (Date.now() < deadline) {
    const response = await request(`/api/orders/${orderId}`, token);
    last = `${response.status} ${await response.text()}`;
    if (response.status === 200 && last.includes(`"status":"${status}"`)) return;
    await sleep(100);
  }
  expect.fail(`order ${orderId} did not become ${status}: ${last}`);
};

const metadataOf = (orderId: string) => ({
  $correlationId: orderId,
  $causationId: orderId,
  schemaVersion: 1,
  actor: 'intruder',
  occurredAt: new Date().toISOString(),
});

/** Appends one event as it is, and returns the revision it got. */
const appendRaw = async (
  client: EventStoreDBClient,
  stream: string,
  event: EventData,
): Promise<number> => Number((await client.appendToStream(stream, event)).nextExpectedRevision);

const unreadableLines = (stream: string, where: string) =>
  logged.filter(
    (line) =>
      line.includes('"msg":"unreadable event"') &&
      line.includes(`"stream":"${stream}"`) &&
      line.includes(`"where":"${where}"`),
  );

describe('an unreadable event in the store', () => {
  it('is answered as a named problem, logged once, counted, and skipped or parked by the runners', async () => {
    const { client } = running().store;
    const [admin, operator, auditor, alice, bob] = await Promise.all([
      signToken({ sub: 'admin-1', roles: ['admin'] }),
      signToken({ sub: 'op-1', roles: ['operator'] }),
      signToken({ sub: 'auditor-1', roles: ['auditor'] }),
      signToken({ sub: 'alice', roles: ['customer'] }),
      signToken({ sub: 'bob', roles: ['customer'] }),
    ]);
    const restock = await request('/api/inventory/SKU-1/restock', operator, { quantity: 10 });
    expect(restock.status).toBe(200);

    // Given a delivered order, and after it an event that is not JSON in its stream...
    const delivered = await placeOrder(alice);
    await untilStatus(delivered, alice, 'delivered');
    const notJson = await appendRaw(
      client,
      `order-${delivered}`,
      binaryEvent({
        type: 'OrderCancelled',
        data: new TextEncoder().encode('\u0000 not json'),
        metadata: new TextEncoder().encode(JSON.stringify(metadataOf(delivered))),
      }),
    );
    const sagaNotJson = await appendRaw(
      client,
      `fulfilment-${delivered}`,
      binaryEvent({
        type: 'FulfilmentCompleted',
        data: new TextEncoder().encode('\u0000 not json either'),
        metadata: new TextEncoder().encode(JSON.stringify(metadataOf(delivered))),
      }),
    );
    // ...and a new order stream whose OrderPlaced fails its schema.
    const broken = randomUUID();
    const badSchema = await appendRaw(
      client,
      `order-${broken}`,
      jsonEvent({
        type: 'OrderPlaced',
        data: { orderId: broken, lines: 'three of them' },
        metadata: metadataOf(broken),
      }),
    );
    expect(badSchema).toBe(0);

    // When an order placed after them goes all the way: the saga and the read models kept going.
    const later = await placeOrder(bob);
    await untilStatus(later, bob, 'delivered');

    // Then every route that folds the stream names the event.
    const named = (stream: string, revision: number, eventType: string) => ({
      type: 'urn:order-ledger:problem:unreadable_event',
      title: 'Unreadable event',
      status: 500,
      stream,
      revision,
      eventType,
      eventId: expect.any(String) as unknown,
      detail: expect.stringContaining(`event ${String(revision)} of stream ${stream}`) as unknown,
    });
    for (let time = 0; time < 2; time++) {
      const detail = await request(`/api/orders/${broken}`, operator);
      expect(detail.status).toBe(500);
      expect(detail.headers.get('content-type')).toContain('application/problem+json');
      expect(await detail.json()).toMatchObject(named(`order-${broken}`, 0, 'OrderPlaced'));
    }
    const atDelivered = named(`order-${delivered}`, notJson, 'OrderCancelled');
    const history = await request(`/api/orders/${delivered}/history`, auditor);
    expect([history.status, await history.json()]).toMatchObject([500, atDelivered]);
    const state = await request(`/api/orders/${delivered}/state?revision=1`, auditor);
    expect([state.status, await state.json()]).toMatchObject([500, atDelivered]);
    const cancel = await request(`/api/orders/${delivered}/cancel`, alice, {});
    expect([cancel.status, await cancel.json()]).toMatchObject([500, atDelivered]);
    // The workflow's view folds every event of the order in log order ($bc-): the first it
    // cannot read is the order stream's, written before the saga stream's. A retry is recorded
    // on the saga's own stream, which it reads first.
    const saga = await request(`/api/admin/orders/${delivered}/fulfilment`, admin);
    expect([saga.status, await saga.json()]).toMatchObject([500, atDelivered]);
    const atSaga = named(`fulfilment-${delivered}`, sagaNotJson, 'FulfilmentCompleted');
    const retry = await request(`/api/admin/orders/${delivered}/retry`, admin, {
      step: 'shipping',
    });
    expect([retry.status, await retry.json()]).toMatchObject([500, atSaga]);
    // The read model skipped the event: its document is the order as it was before.
    const summary = await request(`/api/orders/${delivered}`, alice);
    expect([summary.status, await summary.json()]).toMatchObject([200, { status: 'delivered' }]);

    // Logged once per place, however often it is read (the saga parks in its own time).
    expect(unreadableLines(`order-${broken}`, 'http')).toHaveLength(1);
    expect(unreadableLines(`order-${delivered}`, 'http')).toHaveLength(1);
    for (const stream of [`order-${broken}`, `order-${delivered}`])
      for (const where of ['catch-up', 'persistent'])
        await expect
          .poll(() => unreadableLines(stream, where).length, { timeout: 10_000, interval: 100 })
          .toBe(1);

    // Counted in /metrics: by the routes, the read models (skipped) and the saga (parked).
    const metrics = await (await fetch(`${running().url}/metrics`)).text();
    const unreadable = (eventType: string, where: string) =>
      metricValue(metrics, 'order_ledger_unreadable_events_total', {
        stream_category: 'order',
        event_type: eventType,
        where,
      });
    for (const where of ['http', 'catch-up', 'persistent']) {
      expect(unreadable('OrderPlaced', where), where).toBe(1);
      expect(unreadable('OrderCancelled', where), where).toBe(1);
    }
    const parked = metricValue(metrics, 'order_ledger_persistent_events_total', {
      group: 'fulfilment',
      outcome: 'parked',
    });
    expect(parked).toBeGreaterThanOrEqual(2);
    const skipped = metricValue(metrics, 'order_ledger_catchup_failures_total', { kind: 'poison' });
    expect(skipped).toBeGreaterThanOrEqual(2);

    // And the process stays ready.
    const ready = await fetch(`${running().url}/ready`);
    expect(ready.status).toBe(200);
  });
});
