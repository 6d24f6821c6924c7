import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { placeOrder } from './testing/app-processes.ts';
import { ledgerReader, orderStatus, settledLedger } from './testing/ledger.ts';
import { signToken } from './testing/test-api.ts';
import { twoProcesses } from './testing/two-processes.ts';

// Fraud review in the system as it runs (an api process and a processes process): with the
// threshold at 0 every order is held, so the review path is exercised whatever the model scores.
// The model's own quality is measured by `npm run bench -- intelligence`.
const reviewTimeoutMs = 12_000;
const running = twoProcesses({
  FRAUD_REVIEW_THRESHOLD: '0',
  FRAUD_REVIEW_TIMEOUT_MS: String(reviewTimeoutMs),
});

type Review = {
  orderId: string;
  score: number;
  status: string;
  factors: { label: string }[];
  reviewer: string | null;
  reason: string | null;
  customerId: string | null;
};
type Reviews = { items: Review[]; counts: Record<string, number | null> };

const reviews = async (view: 'pending' | 'decided'): Promise<Reviews> => {
  const token = await signToken({ sub: 'audrey', roles: ['auditor'] });
  const response = await running().api.request(`/api/fraud/reviews?view=${view}`, { token });
  expect(response.status).toBe(200);
  return (await response.json()) as Reviews;
};

/** Polls until `orderId` is listed in `view`. */
const listed = async (orderId: string, view: 'pending' | 'decided'): Promise<Review> => {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const found = (await reviews(view)).items.find((item) => item.orderId === orderId);
    if (found !== undefined) return found;
    await sleep(100);
  }
  throw new Error(`order ${orderId} never listed as ${view}`);
};

const streamOf = async (stream: string) => {
  const events: { type: string; actor: unknown; data: unknown }[] = [];
  for await (const resolved of running().store.client.readStream(stream)) {
    const event = resolved.event;
    if (event === undefined) continue;
    const metadata = event.metadata as { actor?: unknown };
    events.push({ type: event.type, actor: metadata.actor, data: event.data });
  }
  return events;
};

const decide = async (orderId: string, decision: 'approved' | 'rejected', reason: string) => {
  const rita = await signToken({ sub: 'rita', roles: ['operator'] });
  return running().api.request(`/api/admin/orders/${orderId}/review`, {
    token: rita,
    json: { decision, reason },
  });
};

describe('fraud review in the saga', () => {
  it('given a held order, when a reviewer approves it, then it is confirmed and delivered, with the reviewer in its history', async () => {
    const { api, store } = running();
    const token = await signToken({ sub: 'fiona', roles: ['customer'] });
    const orderId = await placeOrder(api, token, [{ sku: 'SKU-1', quantity: 2 }]);

    const held = await listed(orderId, 'pending');
    expect(held).toMatchObject({ status: 'pending', customerId: 'fiona', reviewer: null });
    const progress = await api.request(`/api/orders/${orderId}/progress`, { token });
    expect(await progress.json()).toMatchObject({
      waiting: { for: 'review', needsAttention: true },
    });
    // Held: the payment is authorized, not captured, and the order not confirmed.
    expect((await streamOf(`payment-${orderId}`)).map((e) => e.type)).toEqual([
      'PaymentAuthorized',
    ]);
    expect((await streamOf(`order-${orderId}`)).map((e) => e.type)).toEqual(['OrderPlaced']);

    const customerTries = await api.request(`/api/admin/orders/${orderId}/review`, {
      token,
      json: { decision: 'approved', reason: 'it is me' },
    });
    expect(customerTries.status).toBe(403);
    const noReason = await decide(orderId, 'approved', '  ');
    expect(noReason.status).toBe(400);
    expect(noReason.headers.get('content-type')).toContain('application/problem+json');

    const approved = await decide(orderId, 'approved', 'regular customer, confirmed by phone');
    expect(approved.status).toBe(202);
    const ledger = await settledLedger(ledgerReader(store.client), [orderId]);
    expect(orderStatus(ledger, orderId)).toBe('delivered');
    const saga = await streamOf(`fulfilment-${orderId}`);
    expect(saga.find((e) => e.type === 'RiskReviewed')).toMatchObject({
      actor: 'rita',
      data: { decision: 'approved', reason: 'regular customer, confirmed by phone' },
    });
    expect(saga.find((e) => e.type === 'RiskScored')).toMatchObject({
      actor: 'fulfilment-saga',
      data: { held: true, threshold: 0 },
    });
    expect(await listed(orderId, 'decided')).toMatchObject({
      status: 'approved',
      reviewer: 'rita',
    });
    // Decided once: a second decision is refused in words.
    const again = await decide(orderId, 'rejected', 'changed my mind');
    expect(again.status).toBe(409);
  }, 120_000);

  it('given a held order, when a reviewer rejects it, then its stock is released and its payment voided, never captured', async () => {
    const { api, store } = running();
    const token = await signToken({ sub: 'frank', roles: ['customer'] });
    const orderId = await placeOrder(api, token, [{ sku: 'SKU-1', quantity: 3 }]);
    await listed(orderId, 'pending');

    const rejected = await decide(orderId, 'rejected', 'card reported stolen');
    expect(rejected.status).toBe(202);
    const ledger = await settledLedger(ledgerReader(store.client), [orderId]);
    expect(orderStatus(ledger, orderId)).toBe('rejected');
    const order = await streamOf(`order-${orderId}`);
    expect(order.at(-1)).toMatchObject({
      type: 'OrderRejected',
      data: { reason: 'fraud_review', detail: 'rejected by a reviewer' },
    });
    const payment = (await streamOf(`payment-${orderId}`)).map((e) => e.type);
    expect(payment).toEqual(['PaymentAuthorized', 'AuthorizationVoided']);
    const stock = (ledger.streams.get('inventory-SKU-1') ?? []).filter((recorded) =>
      JSON.stringify(recorded.event.data).includes(orderId),
    );
    expect(stock.map((recorded) => recorded.event.type)).toEqual([
      'StockReserved',
      'StockReleased',
    ]);
    expect(await listed(orderId, 'decided')).toMatchObject({
      status: 'rejected',
      reviewer: 'rita',
      reason: 'card reported stolen',
    });
  }, 120_000);

  it('given a held order nobody reviews, then the review times out and the order is rejected and undone', async () => {
    const { api, store } = running();
    const token = await signToken({ sub: 'fred', roles: ['customer'] });
    const orderId = await placeOrder(api, token, [{ sku: 'SKU-1', quantity: 1 }]);
    await listed(orderId, 'pending');
    const ledger = await settledLedger(ledgerReader(store.client), [orderId], {
      timeoutMs: reviewTimeoutMs + 60_000,
    });
    expect(orderStatus(ledger, orderId)).toBe('rejected');
    const order = await streamOf(`order-${orderId}`);
    expect(order.at(-1)?.data).toMatchObject({
      reason: 'fraud_review',
      detail: `no review within ${String(reviewTimeoutMs)} ms`,
    });
    expect((await streamOf(`payment-${orderId}`)).map((e) => e.type)).toEqual([
      'PaymentAuthorized',
      'AuthorizationVoided',
    ]);
    expect(await listed(orderId, 'decided')).toMatchObject({ status: 'timed_out', reviewer: null });
    const { counts } = await reviews('decided');
    expect(counts).toMatchObject({ approved: 1, rejected: 1, timedOut: 1, falsePositiveRate: 0.5 });
  }, 150_000);
});
