import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderEvents, orderStream } from '../domain/index.ts';
import { orderIdForKey } from './routes/orders.ts';
import { startTestApi, type TestApi } from './testing/test-api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

const customer = () => `customer-${randomUUID()}`;
const place = async (token: string, body: unknown, key?: string) =>
  api.request('/api/orders', {
    method: 'POST',
    token,
    json: body,
    headers: key === undefined ? {} : { 'Idempotency-Key': key },
  });
const orderEventsOf = async (orderId: string) =>
  (await api.system.store.readStream(orderStream(orderId), orderEvents)).events;

describe('POST /api/orders', () => {
  it('accepts an order: 202, Location, and OrderPlaced with prices from the catalog and every metadata field', async () => {
    const alice = customer();
    const response = await place(
      await api.token(alice, 'customer'),
      {
        lines: [
          { sku: 'SKU-1', quantity: 2 },
          { sku: 'SKU-3', quantity: 1 },
        ],
      },
      undefined,
    );
    expect(response.status).toBe(202);
    const body = (await response.json()) as { orderId: string; status: string };
    expect(body.status).toBe('placed');
    expect(response.headers.get('location')).toBe(`/api/orders/${body.orderId}`);

    const [placed, ...rest] = await orderEventsOf(body.orderId);
    expect(rest).toEqual([]);
    expect(placed?.event).toMatchObject({
      type: 'OrderPlaced',
      data: {
        orderId: body.orderId,
        customerId: alice,
        lines: [
          {
            sku: 'SKU-1',
            quantity: 2,
            unitPrice: { amount: 1999, currency: 'EUR' },
            lineTotal: { amount: 3998, currency: 'EUR' },
          },
          { sku: 'SKU-3', quantity: 1, unitPrice: { amount: 499, currency: 'EUR' } },
        ],
        total: { amount: 4497, currency: 'EUR' },
      },
    });
    expect(placed?.metadata).toMatchObject({
      $correlationId: body.orderId,
      $causationId: response.headers.get('x-correlation-id'),
      schemaVersion: 4,
      actor: alice,
    });
    expect(Date.parse(placed?.metadata.occurredAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
  });

  it('takes the causation id from X-Correlation-Id', async () => {
    const response = await api.request('/api/orders', {
      method: 'POST',
      token: await api.token(customer(), 'customer'),
      json: { lines: [{ sku: 'SKU-2', quantity: 1 }] },
      headers: { 'X-Correlation-Id': 'checkout-42' },
    });
    const { orderId } = (await response.json()) as { orderId: string };
    expect((await orderEventsOf(orderId))[0]?.metadata.$causationId).toBe('checkout-42');
  });

  it('gives the same order and response for the same Idempotency-Key and body, and writes once', async () => {
    const bob = customer();
    const token = await api.token(bob, 'customer');
    const body = { lines: [{ sku: 'SKU-2', quantity: 3 }] };
    const responses = await Promise.all([place(token, body, 'key-1'), place(token, body, 'key-1')]);
    const again = await place(token, body, 'key-1');
    const answers = await Promise.all(
      [...responses, again].map(async (r) => ({
        status: r.status,
        location: r.headers.get('location'),
        body: (await r.json()) as unknown,
      })),
    );
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]?.status).toBe(202);
    expect(await orderEventsOf(orderIdForKey(bob, 'key-1'))).toHaveLength(1);
  });

  it('refuses the same Idempotency-Key with another body (422) and changes nothing', async () => {
    const carol = customer();
    const token = await api.token(carol, 'customer');
    expect((await place(token, { lines: [{ sku: 'SKU-2', quantity: 1 }] }, 'key-2')).status).toBe(
      202,
    );
    const reused = await place(token, { lines: [{ sku: 'SKU-2', quantity: 5 }] }, 'key-2');
    expect(reused.status).toBe(422);
    expect(reused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const events = await orderEventsOf(orderIdForKey(carol, 'key-2'));
    expect(events).toHaveLength(1);
    expect(events[0]?.event).toMatchObject({ data: { lines: [{ quantity: 1 }] } });
  });

  it('keeps two customers with the same key apart', async () => {
    const [dave, erin] = [customer(), customer()];
    await place(
      await api.token(dave, 'customer'),
      { lines: [{ sku: 'SKU-1', quantity: 1 }] },
      'shared',
    );
    const other = await place(
      await api.token(erin, 'customer'),
      { lines: [{ sku: 'SKU-4', quantity: 1 }] },
      'shared',
    );
    expect(other.status).toBe(202);
    expect(orderIdForKey(dave, 'shared')).not.toBe(orderIdForKey(erin, 'shared'));
  });
});

describe('GET /api/orders/:id and POST /api/orders/:id/cancel', () => {
  const placeOne = async (owner: string) => {
    const response = await place(await api.token(owner, 'customer'), {
      lines: [{ sku: 'SKU-5', quantity: 1 }],
    });
    return ((await response.json()) as { orderId: string }).orderId;
  };

  it('shows the order to its owner and to operators, and not to another customer', async () => {
    const owner = customer();
    const orderId = await placeOne(owner);
    const mine = await api.request(`/api/orders/${orderId}`, {
      token: await api.token(owner, 'customer'),
    });
    expect(mine.status).toBe(200);
    expect(await mine.json()).toMatchObject({
      orderId,
      customerId: owner,
      status: 'placed',
      total: { amount: 3999, currency: 'EUR' },
    });
    expect(
      (await api.request(`/api/orders/${orderId}`, { token: await api.token('ops', 'operator') }))
        .status,
    ).toBe(200);
    const stranger = await api.request(`/api/orders/${orderId}`, {
      token: await api.token(customer(), 'customer'),
    });
    expect(stranger.status).toBe(404);
    expect(
      (
        await api.request(`/api/orders/${randomUUID()}`, {
          token: await api.token('ops', 'operator'),
        })
      ).status,
    ).toBe(404);
  });

  it('lets the owner cancel, with the reason and the actor recorded', async () => {
    const owner = customer();
    const orderId = await placeOne(owner);
    const response = await api.request(`/api/orders/${orderId}/cancel`, {
      method: 'POST',
      token: await api.token(owner, 'customer'),
      json: { reason: 'changed my mind' },
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({
      orderId,
      status: 'cancelled',
      reason: 'changed my mind',
      cancelledBy: owner,
    });
    const events = await orderEventsOf(orderId);
    expect(events.map((e) => e.event.type)).toEqual(['OrderPlaced', 'OrderCancelled']);
    expect(events[1]?.metadata).toMatchObject({ actor: owner, $correlationId: orderId });
  });

  it('does not let another customer cancel (404) and writes nothing', async () => {
    const orderId = await placeOne(customer());
    const response = await api.request(`/api/orders/${orderId}/cancel`, {
      method: 'POST',
      token: await api.token(customer(), 'customer'),
      json: {},
    });
    expect(response.status).toBe(404);
    expect(await orderEventsOf(orderId)).toHaveLength(1);
  });

  it('lets an operator cancel, and a second cancel changes nothing', async () => {
    const orderId = await placeOne(customer());
    const cancelled = await api.request(`/api/orders/${orderId}/cancel`, {
      method: 'POST',
      token: await api.token('ops-1', 'operator'),
      json: { reason: 'fraud check' },
    });
    expect(cancelled.status).toBe(202);
    const twice = await api.request(`/api/orders/${orderId}/cancel`, {
      method: 'POST',
      token: await api.token('ops-1', 'operator'),
      json: {},
    });
    expect(twice.status).toBe(202);
    expect(await orderEventsOf(orderId)).toHaveLength(2);
  });

  it('answers 409 to a cancel after the order shipped, and writes nothing', async () => {
    const orderId = await placeOne(customer());
    const stream = orderStream(orderId);
    const saga = { id: 'fulfilment-saga', roles: ['process'] as const };
    const context = (step: string) => ({
      commandId: randomUUID(),
      correlationId: orderId,
      causationId: step,
      actor: saga.id,
      now: new Date(),
    });
    await api.system.aggregates.orders.handle(
      stream,
      { type: 'ConfirmOrder', data: { orderId }, metadata: { now: new Date(), actor: saga } },
      context('confirm'),
    );
    await api.system.aggregates.orders.handle(
      stream,
      {
        type: 'MarkShipped',
        data: { orderId, carrier: 'DHL', trackingId: 'T-1' },
        metadata: { now: new Date(), actor: saga },
      },
      context('ship'),
    );
    const response = await api.request(`/api/orders/${orderId}/cancel`, {
      method: 'POST',
      token: await api.token('ops-2', 'operator'),
      json: {},
    });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ status: 409, code: 'order_already_shipped' });
    expect((await orderEventsOf(orderId)).map((e) => e.event.type)).toEqual([
      'OrderPlaced',
      'OrderConfirmed',
      'OrderShipped',
    ]);
  });
});
