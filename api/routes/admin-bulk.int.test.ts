import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderEvents, orderStream } from '../../domain/index.ts';
import { startTestApi, type TestApi } from '../testing/test-api.ts';

// POST /api/admin/orders/bulk against the API role and the harness's event store: given orders
// placed through the API, when one bulk request, then each order's own stream says what was done.
let api: TestApi;
let operator: string;
beforeAll(async () => {
  api = await startTestApi();
  operator = await api.token('olga-bulk', 'operator');
});
afterAll(async () => {
  await api.stop();
});

interface Results {
  results: {
    orderId: string;
    outcome: 'done' | 'refused';
    problem?: { status: number; code?: string };
  }[];
}

const placeMany = async (count: number): Promise<string[]> => {
  const token = await api.token(`bulk-${randomUUID()}`, 'customer');
  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    const response = await api.request('/api/orders', {
      method: 'POST',
      token,
      json: { lines: [{ sku: 'SKU-3', quantity: 1 }] },
    });
    expect(response.status).toBe(202);
    ids.push(((await response.json()) as { orderId: string }).orderId);
  }
  return ids;
};

/** The saga's two steps that take an order past cancelling, written as the saga writes them. */
const ship = async (orderId: string) => {
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
      data: { orderId, carrier: 'DHL', trackingId: `T-${orderId}` },
      metadata: { now: new Date(), actor: saga },
    },
    context('ship'),
  );
};

const bulk = (body: unknown, token = operator) =>
  api.request('/api/admin/orders/bulk', { method: 'POST', token, json: body });

describe('POST /api/admin/orders/bulk', () => {
  it('cancels 100 orders in one request, each recorded on its order with the operator as actor', async () => {
    const ids = await placeMany(100);

    const response = await bulk({ action: 'cancel', orderIds: ids, reason: 'supplier recall' });

    expect(response.status).toBe(207);
    const { results } = (await response.json()) as Results;
    expect(results).toEqual(ids.map((orderId) => ({ orderId, outcome: 'done' })));
    for (const orderId of ids) {
      const history = await api.request(`/api/orders/${orderId}/history`, { token: operator });
      const { events } = (await history.json()) as {
        events: {
          type: string;
          data: { cancelledBy?: string; reason?: string };
          metadata: { actor: string };
        }[];
      };
      expect(events.map((e) => e.type)).toEqual(['OrderPlaced', 'OrderCancelled']);
      expect(events[1]).toMatchObject({
        data: { cancelledBy: 'olga-bulk', reason: 'supplier recall' },
        metadata: { actor: 'olga-bulk' },
      });
    }
  });

  it('refuses the one order that has shipped, changes nothing on it, and cancels the others', async () => {
    const ids = await placeMany(3);
    const shipped = ids[1] ?? '';
    await ship(shipped);
    const missing = randomUUID();

    const response = await bulk({
      action: 'cancel',
      orderIds: [...ids, missing],
      reason: 'duplicate orders',
    });

    expect(response.status).toBe(207);
    const { results } = (await response.json()) as Results;
    expect(results).toEqual([
      { orderId: ids[0], outcome: 'done' },
      {
        orderId: shipped,
        outcome: 'refused',
        problem: expect.objectContaining({ status: 409, code: 'order_already_shipped' }) as unknown,
      },
      { orderId: ids[2], outcome: 'done' },
      {
        orderId: missing,
        outcome: 'refused',
        problem: expect.objectContaining({ status: 404 }) as unknown,
      },
    ]);
    const types = async (orderId: string) =>
      (await api.system.store.readStream(orderStream(orderId), orderEvents)).events.map(
        (e) => e.event.type,
      );
    expect(await types(shipped)).toEqual(['OrderPlaced', 'OrderConfirmed', 'OrderShipped']);
    expect(await types(ids[2] ?? '')).toEqual(['OrderPlaced', 'OrderCancelled']);
  });

  it('takes refunds and retries to the saga: refused per order as the single-order action refuses them', async () => {
    // Placed only: nothing was paid to refund, and no step has failed to retry.
    const ids = await placeMany(2);
    const single = await api.request(`/api/admin/orders/${ids[0] ?? ''}/compensate`, {
      method: 'POST',
      token: operator,
      json: { action: 'refundPayment' },
    });
    const { code } = (await single.json()) as { code?: string };
    for (const body of [
      { action: 'refund', orderIds: ids, reason: 'goodwill' },
      { action: 'retry', orderIds: ids, reason: 'provider back', step: 'payment' },
    ]) {
      const response = await bulk(body);
      expect(response.status).toBe(207);
      const { results } = (await response.json()) as Results;
      expect(results.map((r) => [r.orderId, r.outcome, r.problem?.status])).toEqual(
        ids.map((id) => [id, 'refused', 409]),
      );
      if (body.action === 'refund') expect(results[0]?.problem?.code).toBe(code);
    }
    expect(single.status).toBe(409);
  });

  it('refuses over 100 orders, an order twice, a retry without a step, no reason, and customers', async () => {
    const ids = Array.from({ length: 101 }, () => randomUUID());
    const [first = ''] = ids;
    const cases = [
      await bulk({ action: 'cancel', orderIds: ids, reason: 'x' }),
      await bulk({ action: 'cancel', orderIds: [first, first], reason: 'x' }),
      await bulk({ action: 'retry', orderIds: [first], reason: 'x' }),
      await bulk({ action: 'cancel', orderIds: [first], reason: ' ' }),
    ];
    for (const response of cases) expect(response.status).toBe(400);
    const customer = await api.token('cust-bulk', 'customer');
    expect(
      (await bulk({ action: 'cancel', orderIds: [first], reason: 'x' }, customer)).status,
    ).toBe(403);
  });
});
