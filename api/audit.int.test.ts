import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../domain/shared/command.ts';
import {
  createWorld,
  customerOf,
  eventually,
  type SagaWorld,
} from '../processes/fulfilment/int-support.ts';
import { serverUrl } from '../infra/test-servers/use-server.ts';
import { startTestApi, type TestApi } from './testing/test-api.ts';

// The auditor's path, end to end: the saga runs in this test (on its own stream prefix, so it
// leaves other tests' orders alone) and the API reads the history from the event store.
let world: SagaWorld;
let api: TestApi;
beforeAll(async () => {
  world = createWorld(serverUrl('eventstore'));
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
  await world.close();
});

const operator: Actor = { id: 'op-7', roles: ['operator'] };

interface HistoryEvent {
  stream: string;
  revision: number;
  type: string;
  recordedAt: string;
  metadata: { actor: string; $correlationId: string; $causationId: string };
  stateAfter: {
    order: { status: string } | null;
    payment: { status: string; refunded: number };
    stock: Record<string, { reserved: number }>;
    fulfilment: string;
  };
}

describe('GET /api/orders/:id/history and /state', () => {
  it('shows a declined, operator-retried, paid, then refunded order step by step, with actors and states', async () => {
    const sku = world.sku('AUDIT');
    const orderId = world.orderId('fail-ship-once-api-audit');
    const customer = customerOf(orderId).id;
    await world.restock(sku, 5);
    const running = world.start({ paymentDeclineGraceMs: 60_000, shippingRetryBaseMs: 60_000 });
    await world.place(orderId, [{ sku, quantity: 1, unitPrice: 2014 }]);
    const stage = async () => (await running.inspect(orderId)).state;
    await eventually(
      async () => {
        const s = await stage();
        return s.stage === 'running' && s.payment.status === 'declined';
      },
      async () => JSON.stringify(await stage()),
    );
    await running.requestRetry(orderId, 'payment', operator);
    await eventually(
      async () => {
        const s = await stage();
        return s.stage === 'running' && s.shipping.failures > 0;
      },
      async () => JSON.stringify(await stage()),
    );
    expect(await world.cancel(orderId)).toBe(true);
    await eventually(
      async () => (await stage()).stage === 'completed',
      async () => JSON.stringify(await stage()),
    );

    const auditor = await api.token('audrey', 'auditor');
    const response = await api.request(`/api/orders/${orderId}/history`, { token: auditor });
    expect(response.status).toBe(200);
    const { events } = (await response.json()) as { events: HistoryEvent[] };

    const domain = events.filter((e) => !e.stream.startsWith('fulfilment-'));
    expect(domain.map((e) => [e.type, e.metadata.actor])).toEqual([
      ['OrderPlaced', customer],
      ['StockReserved', 'fulfilment-saga'],
      ['PaymentDeclined', 'fulfilment-saga'],
      ['PaymentAuthorized', 'fulfilment-saga'],
      ['OrderConfirmed', 'fulfilment-saga'],
      ['PaymentCaptured', 'fulfilment-saga'],
      ['OrderCancelled', customer],
      ...domain.slice(7).map((e) => [e.type, 'fulfilment-saga']),
    ]);
    expect(
      domain
        .slice(7)
        .map((e) => e.type)
        .sort(),
    ).toEqual(['PaymentRefunded', 'StockReleased']);
    expect(
      events.some((e) => e.stream.startsWith('fulfilment-') && e.metadata.actor === 'op-7'),
    ).toBe(true);
    expect(events.every((e) => e.metadata.$correlationId === orderId)).toBe(true);

    const after = (type: string) => domain.find((e) => e.type === type)?.stateAfter;
    expect(after('StockReserved')).toMatchObject({
      order: { status: 'placed' },
      stock: { [sku]: { reserved: 1 } },
    });
    expect(after('PaymentDeclined')?.payment.status).toBe('declined');
    expect(after('PaymentCaptured')).toMatchObject({
      order: { status: 'confirmed' },
      payment: { status: 'captured', refunded: 0 },
    });
    expect(events.at(-1)?.stateAfter).toMatchObject({
      order: { status: 'cancelled' },
      payment: { refunded: 2014 },
      stock: { [sku]: { reserved: 0 } },
      fulfilment: 'completed',
    });

    // The state at an instant is the fold of everything recorded up to it.
    const confirmed = domain.find((e) => e.type === 'OrderConfirmed');
    const at = await api.request(
      `/api/orders/${orderId}/state?at=${encodeURIComponent(confirmed?.recordedAt ?? '')}`,
      { token: auditor },
    );
    const atBody = (await at.json()) as { state: HistoryEvent['stateAfter']; events: number };
    const upTo = events.filter((e) => e.recordedAt <= (confirmed?.recordedAt ?? ''));
    expect(atBody.events).toBe(upTo.length);
    expect(atBody.state).toEqual(upTo.at(-1)?.stateAfter);

    const byRevision = await api.request(`/api/orders/${orderId}/state?revision=1`, {
      token: auditor,
    });
    expect(((await byRevision.json()) as { state: HistoryEvent['stateAfter'] }).state).toEqual(
      confirmed?.stateAfter,
    );

    const csv = await api.request(`/api/orders/${orderId}/history`, {
      token: auditor,
      headers: { accept: 'text/csv' },
    });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await csv.text()).trim().split('\r\n')).toHaveLength(events.length + 1);
  });

  it('is for auditors, operators and admins; a customer gets 403, an unknown order 404, a bad query 400', async () => {
    const customer = await api.token('c-1', 'customer');
    expect((await api.request('/api/orders/some-order/history', { token: customer })).status).toBe(
      403,
    );
    const auditor = await api.token('audrey', 'auditor');
    expect(
      (await api.request('/api/orders/no-such-order/history', { token: auditor })).status,
    ).toBe(404);
    expect((await api.request('/api/orders/no-such-order/state', { token: auditor })).status).toBe(
      400,
    );
    expect((await api.request('/api/orders/x/state?at=yesterday', { token: auditor })).status).toBe(
      400,
    );
  });
});
