import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StreamNotFoundError } from '@eventstore/db-client';
import { fulfilmentStream, orderEvents, orderStream } from '../domain/index.ts';
import { startTestApi, type TestApi } from './testing/test-api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

const saga = { id: 'fulfilment-saga', roles: ['process'] as const };
const sagaContext = (orderId: string) => ({
  commandId: randomUUID(),
  correlationId: orderId,
  causationId: 'test',
  actor: saga.id,
  now: new Date(),
});

const placeOne = async (): Promise<{ orderId: string; token: string }> => {
  const token = await api.token(`customer-${randomUUID()}`, 'customer');
  const response = await api.request('/api/orders', {
    method: 'POST',
    token,
    json: { lines: [{ sku: 'SKU-1', quantity: 1 }] },
  });
  const { orderId } = (await response.json()) as { orderId: string };
  return { orderId, token };
};
const revisionOf = async (orderId: string) =>
  (await api.system.store.readStream(orderStream(orderId), orderEvents)).revision;
const confirm = (orderId: string) =>
  api.system.aggregates.orders.handle(
    orderStream(orderId),
    { type: 'ConfirmOrder', data: { orderId }, metadata: { now: new Date(), actor: saga } },
    sagaContext(orderId),
  );
const ship = (orderId: string) =>
  api.system.aggregates.orders.handle(
    orderStream(orderId),
    {
      type: 'MarkShipped',
      data: { orderId, carrier: 'DHL', trackingId: 'T-1' },
      metadata: { now: new Date(), actor: saga },
    },
    sagaContext(orderId),
  );
/** The saga stream's event types; none when the stream does not exist. */
const sagaEventTypes = async (orderId: string): Promise<string[]> => {
  const types: string[] = [];
  try {
    for await (const resolved of api.system.store.client.readStream(fulfilmentStream(orderId)))
      types.push(resolved.event?.type ?? '');
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return types;
};
const get = (orderId: string, token: string, headers: Record<string, string> = {}) =>
  api.request(`/api/orders/${orderId}`, { token, headers });
const cancel = (orderId: string, token: string, headers: Record<string, string> = {}) =>
  api.request(`/api/orders/${orderId}/cancel`, { method: 'POST', token, json: {}, headers });

describe('GET /api/orders/:id with an ETag', () => {
  it('answers the order stream revision as a strong ETag, and a new one after a cancel', async () => {
    const { orderId, token } = await placeOne();
    const first = await get(orderId, token);
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe(`"${String(await revisionOf(orderId))}"`);
    expect(first.headers.get('etag')).toBe('"0"');

    expect((await cancel(orderId, token)).status).toBe(202);
    const after = await get(orderId, token);
    expect(after.headers.get('etag')).toBe('"1"');
    expect(await after.json()).toMatchObject({ status: 'cancelled' });
  });

  it('answers 304 to If-None-Match with the current ETag, and 200 once the order moved on', async () => {
    const { orderId, token } = await placeOne();
    const etag = (await get(orderId, token)).headers.get('etag') ?? '';
    const same = await get(orderId, token, { 'If-None-Match': etag });
    expect(same.status).toBe(304);
    expect(same.headers.get('etag')).toBe(etag);
    await confirm(orderId);
    const moved = await get(orderId, token, { 'If-None-Match': etag });
    expect(moved.status).toBe(200);
    expect(moved.headers.get('etag')).toBe('"1"');
  });
});

describe('POST /api/orders/:id/cancel with If-Match', () => {
  it('given a stale ETag, answers 412 problem+json naming the winning events, and appends nothing', async () => {
    const { orderId, token } = await placeOne();
    const etag = (await get(orderId, token)).headers.get('etag') ?? '';
    // Another writer moves the order on between the client's GET and its cancel: the lost race.
    await confirm(orderId);
    const before = await revisionOf(orderId);

    const response = await cancel(orderId, token, { 'If-Match': etag });
    expect(response.status).toBe(412);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.headers.get('etag')).toBe('"1"');
    const problem = (await response.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({
      type: 'urn:order-ledger:problem:precondition_failed',
      status: 412,
      etag: '"1"',
      currentState: { orderId, status: 'confirmed' },
      winningEvents: [{ type: 'OrderConfirmed', revision: 1, actor: saga.id }],
    });
    const [winner] = problem.winningEvents as { recordedAt: string }[];
    expect(Date.parse(winner?.recordedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    expect(await revisionOf(orderId)).toBe(before);
  });

  it('given the current ETag, cancels as without it (202) and answers the new ETag', async () => {
    const { orderId, token } = await placeOne();
    const etag = (await get(orderId, token)).headers.get('etag') ?? '';
    const response = await cancel(orderId, token, { 'If-Match': etag });
    expect(response.status).toBe(202);
    expect(response.headers.get('etag')).toBe('"1"');
    expect(await response.json()).toMatchObject({ orderId, status: 'cancelled' });
    const events = (await api.system.store.readStream(orderStream(orderId), orderEvents)).events;
    expect(events.map((e) => e.event.type)).toEqual(['OrderPlaced', 'OrderCancelled']);
    expect(events[1]?.revision).toBe(1);
  });

  it('never lets a change that lands between the check and the append be cancelled over', async () => {
    // Each cancel races the saga's confirmation: whichever lands first, the cancel is either
    // appended right after the revision the client named (202) or refused with what won (412).
    const races = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const { orderId, token } = await placeOne();
        const [response] = await Promise.all([
          cancel(orderId, token, { 'If-Match': '"0"' }),
          confirm(orderId).catch(() => undefined),
        ]);
        const { events } = await api.system.store.readStream(orderStream(orderId), orderEvents);
        return { response, types: events.map((e) => e.event.type) };
      }),
    );
    for (const { response, types } of races) {
      if (response.status === 202) {
        expect(types).toEqual(['OrderPlaced', 'OrderCancelled']);
      } else {
        expect(response.status).toBe(412);
        expect(types).toEqual(['OrderPlaced', 'OrderConfirmed']);
        expect(await response.json()).toMatchObject({
          winningEvents: [{ type: 'OrderConfirmed', revision: 1 }],
        });
      }
    }
  });

  it('takes * for any existing order', async () => {
    const { orderId, token } = await placeOne();
    await confirm(orderId);
    expect((await cancel(orderId, token, { 'If-Match': '*' })).status).toBe(202);
  });

  it('refuses a malformed If-Match with 400 and appends nothing', async () => {
    const { orderId, token } = await placeOne();
    const response = await cancel(orderId, token, { 'If-Match': 'W/"0"' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      type: 'urn:order-ledger:problem:malformed_if_match',
    });
    expect(await revisionOf(orderId)).toBe(0);
  });

  it('answers a cancel after shipping with 409 carrying the current state and ETag', async () => {
    const { orderId, token } = await placeOne();
    await confirm(orderId);
    await ship(orderId);
    const response = await cancel(orderId, token, { 'If-Match': '"2"' });
    expect(response.status).toBe(409);
    expect(response.headers.get('etag')).toBe('"2"');
    expect(await response.json()).toMatchObject({
      status: 409,
      code: 'order_already_shipped',
      etag: '"2"',
      currentState: { orderId, status: 'shipped', shipment: { carrier: 'DHL' } },
    });
    expect(await revisionOf(orderId)).toBe(2);
  });
});

describe('admin order actions with If-Match', () => {
  it('given a stale ETag, answers 412 and records no request', async () => {
    const { orderId } = await placeOne();
    await confirm(orderId);
    const admin = await api.token('admin-1', 'admin');
    const response = await api.request(`/api/admin/orders/${orderId}/retry`, {
      method: 'POST',
      token: admin,
      json: { step: 'payment' },
      headers: { 'If-Match': '"0"' },
    });
    expect(response.status).toBe(412);
    expect(await response.json()).toMatchObject({
      type: 'urn:order-ledger:problem:precondition_failed',
      winningEvents: [{ type: 'OrderConfirmed', revision: 1 }],
    });
    expect(await sagaEventTypes(orderId)).not.toContain('RetryRequested');
  });
});

describe('the OpenAPI document', () => {
  it('documents If-None-Match and 304 on the order, If-Match and 412 on cancel and the admin actions', async () => {
    type Operation = { parameters?: { name: string; in: string }[]; responses: object };
    const document = (await (await api.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    const header = (name: string): unknown => expect.objectContaining({ name, in: 'header' });
    const order = document.paths['/api/orders/{id}']?.get;
    expect(order?.parameters).toContainEqual(header('If-None-Match'));
    expect(order?.responses).toHaveProperty('304');
    for (const path of [
      '/api/orders/{id}/cancel',
      '/api/admin/orders/{id}/retry',
      '/api/admin/orders/{id}/compensate',
    ]) {
      const action = document.paths[path]?.post;
      expect(action?.parameters).toContainEqual(header('If-Match'));
      expect(action?.responses).toHaveProperty('412');
    }
  });
});
