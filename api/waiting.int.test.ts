import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { placeOrder } from './testing/app-processes.ts';
import { ledgerReader, orderStatus, settledLedger } from './testing/ledger.ts';
import { signToken } from './testing/test-api.ts';
import { twoProcesses } from './testing/two-processes.ts';

// The warehouse takes its time and a declined payment waits for a retry: the system as it runs (an
// api process and a processes process), with both waits long enough to act in them.
const pickPackMs = 60_000;
const graceMs = 60_000;
const running = twoProcesses({
  WAREHOUSE_PICK_PACK_MS: String(pickPackMs),
  PAYMENT_DECLINE_GRACE_MS: String(graceMs),
});

type Progress = {
  stage: string;
  waiting: {
    for: string;
    until: string | null;
    then: string | null;
    needsAttention: boolean;
  } | null;
};

/** Polls the order's progress until it waits for `what`. */
const waitingFor = async (orderId: string, token: string, what: string): Promise<Progress> => {
  const deadline = Date.now() + 20_000;
  let last: Progress | undefined;
  while (Date.now() < deadline) {
    const response = await running().api.request(`/api/orders/${orderId}/progress`, { token });
    expect(response.status).toBe(200);
    last = (await response.json()) as Progress;
    if (last.waiting?.for === what) return last;
    await sleep(100);
  }
  throw new Error(`order ${orderId} never waited for ${what}: ${JSON.stringify(last)}`);
};

const typesOf = async (stream: string): Promise<string[]> => {
  const types: string[] = [];
  for await (const resolved of running().store.client.readStream(stream))
    types.push(resolved.event?.type ?? '');
  return types;
};

describe('waits that people can act in', () => {
  it('given an order being picked and packed, when its customer cancels, then the stock is released and the payment voided, never captured', async () => {
    const { api, store } = running();
    const token = await signToken({ sub: 'carla', roles: ['customer'] });
    const orderId = await placeOrder(api, token, [{ sku: 'SKU-1', quantity: 2 }]);

    const progress = await waitingFor(orderId, token, 'picking');
    expect(progress.stage).toBe('picking');
    const until = Date.parse(progress.waiting?.until ?? '');
    expect(until - Date.now()).toBeGreaterThan(pickPackMs - 15_000);
    expect(until - Date.now()).toBeLessThanOrEqual(pickPackMs);

    const stranger = await signToken({ sub: 'mallory', roles: ['customer'] });
    const peek = await api.request(`/api/orders/${orderId}/progress`, { token: stranger });
    expect(peek.status).toBe(404);

    const cancel = await api.request(`/api/orders/${orderId}/cancel`, {
      token,
      json: { reason: 'found it cheaper' },
    });
    expect(cancel.status).toBe(202);
    const ledger = await settledLedger(ledgerReader(store.client), [orderId]);
    expect(orderStatus(ledger, orderId)).toBe('cancelled');
    const payment = await typesOf(`payment-${orderId}`);
    expect(payment).toContain('AuthorizationVoided');
    expect(payment).not.toContain('PaymentCaptured');
    const stock = ledger.streams.get('inventory-SKU-1') ?? [];
    const ofOrder = stock.filter((recorded) =>
      JSON.stringify(recorded.event.data).includes(orderId),
    );
    expect(ofOrder.map((recorded) => recorded.event.type)).toEqual([
      'StockReserved',
      'StockReleased',
    ]);
  }, 90_000);

  it('given a declined payment, then the customer sees the retry deadline, the operator sees it needs attention and may retry only the payment, and any other step is refused in words', async () => {
    const { api } = running();
    const token = await signToken({ sub: 'declined-dora', roles: ['customer'] });
    const orderId = await placeOrder(api, token, [{ sku: 'SKU-1', quantity: 1 }]);

    const progress = await waitingFor(orderId, token, 'payment_retry');
    expect(progress.waiting).toMatchObject({
      needsAttention: true,
      then: 'rejected: payment declined',
    });
    expect(Date.parse(progress.waiting?.until ?? '') - Date.now()).toBeGreaterThan(
      graceMs - 15_000,
    );

    const operator = await signToken({ sub: 'olga', roles: ['operator'] });
    // The operators' list filters on it, with the same deadline.
    let listed: { orderId: string; attention?: { kind: string; until: string | null } }[] = [];
    for (let attempt = 0; attempt < 100 && !listed.some((o) => o.orderId === orderId); attempt++) {
      if (attempt > 0) await sleep(100);
      const list = await api.request('/api/orders?needsAttention=true', { token: operator });
      expect(list.status).toBe(200);
      listed = ((await list.json()) as { items: typeof listed }).items;
    }
    expect(listed.find((o) => o.orderId === orderId)?.attention).toEqual({
      kind: 'payment_declined',
      since: expect.any(String) as unknown,
      until: progress.waiting?.until,
    });
    const inspect = await api.request(`/api/admin/orders/${orderId}/fulfilment`, {
      token: operator,
    });
    expect(await inspect.json()).toMatchObject({
      stage: 'awaiting_payment',
      waiting: { for: 'payment_retry', needsAttention: true },
      allowed: { retry: ['payment'], compensate: ['releaseStock'] },
    });

    const refused = await api.request(`/api/admin/orders/${orderId}/retry`, {
      token: operator,
      json: { step: 'inventory' },
    });
    expect(refused.status).toBe(409);
    const problem = (await refused.json()) as { title: string };
    expect(problem.title).toBe(
      'Reserving the stock again is not possible now: every line is reserved.',
    );
  }, 90_000);
});
