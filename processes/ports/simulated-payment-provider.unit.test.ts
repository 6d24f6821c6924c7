import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PaymentRefused, ProviderUnavailable } from './payment-errors.ts';
import { createSimulatedPaymentProvider } from './simulated-payment-provider.ts';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const authorize = (orderId: string, amount: number, attempt = 1, payer = 'cust-1') => ({
  orderId,
  payer,
  amount: eur(amount),
  idempotencyKey: `${orderId}:authorize:${String(attempt)}`,
});

describe('the simulated payment provider', () => {
  it('authorizes, captures and refunds, each once per key', async () => {
    const provider = createSimulatedPaymentProvider();
    const answer = await provider.authorize(authorize('o-1', 5000));
    expect(answer.outcome).toBe('authorized');
    if (answer.outcome !== 'authorized') return;
    expect(await provider.authorize(authorize('o-1', 5000))).toEqual(answer);
    const capture = {
      orderId: 'o-1',
      authorizationId: answer.authorizationId,
      amount: eur(5000),
      idempotencyKey: 'o-1:capture',
    };
    await provider.capture(capture);
    await provider.capture(capture);
    const refund = {
      orderId: 'o-1',
      authorizationId: answer.authorizationId,
      amount: eur(2000),
      idempotencyKey: 'r-1',
    };
    await provider.refund(refund);
    await provider.refund(refund);
    expect(provider.counts()).toEqual({
      authorizations: 1,
      declines: 0,
      captures: 1,
      voids: 0,
      refunds: 1,
    });
    expect(provider.account('o-1')).toMatchObject({
      status: 'captured',
      captured: 5000,
      refunded: 2000,
    });
  });

  it('declines amounts ending in 13 always, and in 14 on the first attempt only', async () => {
    const provider = createSimulatedPaymentProvider();
    expect(await provider.authorize(authorize('o-13', 1013))).toEqual({
      outcome: 'declined',
      reason: 'card_declined',
    });
    expect((await provider.authorize(authorize('o-13', 1013, 2))).outcome).toBe('declined');
    expect(await provider.authorize(authorize('o-14', 1014))).toEqual({
      outcome: 'declined',
      reason: 'insufficient_funds',
    });
    expect((await provider.authorize(authorize('o-14', 1014, 2))).outcome).toBe('authorized');
    expect(await provider.authorize(authorize('o-15', 5000, 1, 'declined-bob'))).toEqual({
      outcome: 'declined',
      reason: 'card_declined',
    });
  });

  it('declines a seeded share of keys, the same ones every time', async () => {
    const run = async (seed: number) => {
      const provider = createSimulatedPaymentProvider({ declineRate: 0.3, seed });
      const outcomes = [];
      for (let n = 0; n < 200; n += 1)
        outcomes.push((await provider.authorize(authorize(`o-${String(n)}`, 5000))).outcome);
      return outcomes;
    };
    const first = await run(7);
    expect(await run(7)).toEqual(first);
    const declines = first.filter((outcome) => outcome === 'declined').length;
    expect(declines).toBeGreaterThan(35);
    expect(declines).toBeLessThan(85);
  });

  it('refuses what a real provider refuses: capture after void, void after capture, over-refunds', async () => {
    const provider = createSimulatedPaymentProvider();
    const answer = await provider.authorize(authorize('o-1', 5000));
    if (answer.outcome !== 'authorized') throw new Error('expected an authorization');
    const { authorizationId } = answer;
    await provider.void({ orderId: 'o-1', authorizationId, idempotencyKey: 'o-1:void' });
    await expect(
      provider.capture({
        orderId: 'o-1',
        authorizationId,
        amount: eur(5000),
        idempotencyKey: 'o-1:capture',
      }),
    ).rejects.toThrow(PaymentRefused);
    await expect(
      provider.refund({ orderId: 'o-1', authorizationId, amount: eur(1), idempotencyKey: 'r' }),
    ).rejects.toThrow(PaymentRefused);
    const other = await provider.authorize(authorize('o-2', 5000));
    if (other.outcome !== 'authorized') throw new Error('expected an authorization');
    await provider.capture({
      orderId: 'o-2',
      authorizationId: other.authorizationId,
      amount: eur(5000),
      idempotencyKey: 'o-2:capture',
    });
    await expect(
      provider.void({
        orderId: 'o-2',
        authorizationId: other.authorizationId,
        idempotencyKey: 'o-2:void',
      }),
    ).rejects.toThrow(PaymentRefused);
    await expect(
      provider.refund({
        orderId: 'o-2',
        authorizationId: other.authorizationId,
        amount: eur(5001),
        idempotencyKey: 'r-2',
      }),
    ).rejects.toThrow(PaymentRefused);
  });

  it('fails like a timeout, before or after acting, and a retry with the same key never acts twice', async () => {
    const provider = createSimulatedPaymentProvider();
    provider.failNext(1, 'before');
    await expect(provider.authorize(authorize('o-1', 5000))).rejects.toThrow(ProviderUnavailable);
    expect(provider.counts().authorizations).toBe(0);
    provider.failNext(1, 'after');
    await expect(provider.authorize(authorize('o-1', 5000))).rejects.toThrow(ProviderUnavailable);
    expect(provider.counts().authorizations).toBe(1);
    expect((await provider.authorize(authorize('o-1', 5000))).outcome).toBe('authorized');
    expect(provider.counts().authorizations).toBe(1);
  });

  it('adds the configured latency', async () => {
    const provider = createSimulatedPaymentProvider({ latencyMs: 30 });
    const started = performance.now();
    await provider.authorize(authorize('o-1', 5000));
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('answers as one provider when processes each run their own instance', async () => {
    // Process A authorizes; process B, a competing consumer of the saga, captures and refunds.
    const a = createSimulatedPaymentProvider();
    const b = createSimulatedPaymentProvider();
    const answer = await a.authorize(authorize('o-1', 5000));
    if (answer.outcome !== 'authorized') throw new Error('expected an authorization');
    const { authorizationId } = answer;
    const capture = { orderId: 'o-1', authorizationId, amount: eur(5000), idempotencyKey: 'c' };
    await b.capture(capture);
    await b.refund({ orderId: 'o-1', authorizationId, amount: eur(5000), idempotencyKey: 'r' });
    expect(b.account('o-1')).toMatchObject({ status: 'captured', refunded: 5000 });
    // An authorization this simulator never issues is still refused, and so is a void after
    // the capture the instance saw.
    await expect(
      b.capture({ ...capture, orderId: 'o-2', authorizationId: 'forged', idempotencyKey: 'c2' }),
    ).rejects.toThrow(PaymentRefused);
    await expect(b.void({ orderId: 'o-1', authorizationId, idempotencyKey: 'v' })).rejects.toThrow(
      PaymentRefused,
    );
  });
  it('refunds on the instance that authorized what a sibling captured, once', async () => {
    // Process A authorizes; B captures; the customer cancels and A, handling it, refunds.
    const a = createSimulatedPaymentProvider();
    const b = createSimulatedPaymentProvider();
    const answer = await a.authorize(authorize('o-1', 5000));
    if (answer.outcome !== 'authorized') throw new Error('expected an authorization');
    const { authorizationId } = answer;
    await b.capture({ orderId: 'o-1', authorizationId, amount: eur(5000), idempotencyKey: 'c' });
    const refund = { orderId: 'o-1', authorizationId, amount: eur(5000), idempotencyKey: 'r' };
    await expect(a.refund(refund)).resolves.toEqual({ outcome: 'refunded' });
    expect(a.account('o-1')).toMatchObject({ status: 'captured', captured: 5000, refunded: 5000 });
    await expect(a.refund({ ...refund, amount: eur(1), idempotencyKey: 'r2' })).rejects.toThrow(
      PaymentRefused,
    );
    // What this instance voided itself is not refunded, whoever asks.
    const voided = await a.authorize(authorize('o-2', 5000));
    if (voided.outcome !== 'authorized') throw new Error('expected an authorization');
    const o2 = { orderId: 'o-2', authorizationId: voided.authorizationId };
    await a.void({ ...o2, idempotencyKey: 'v' });
    await expect(a.refund({ ...o2, amount: eur(5000), idempotencyKey: 'r3' })).rejects.toThrow(
      PaymentRefused,
    );
  });

  it('captures on the instance that saw a decline what a sibling authorized on a retry', async () => {
    // 'o-1' for 50.14 is declined on its first attempt (by A) and authorized on the second (by B).
    const a = createSimulatedPaymentProvider();
    const b = createSimulatedPaymentProvider();
    const first = await a.authorize(authorize('o-1', 5014));
    expect(first.outcome).toBe('declined');
    await b.authorize(authorize('o-1', 5014));
    const second = await b.authorize(authorize('o-1', 5014, 2));
    if (second.outcome !== 'authorized') throw new Error('expected an authorization');
    const { authorizationId } = second;
    const capture = { orderId: 'o-1', authorizationId, amount: eur(5014), idempotencyKey: 'c' };
    await expect(a.capture(capture)).resolves.toEqual({ outcome: 'captured' });
    await expect(
      a.capture({ ...capture, authorizationId: 'forged', idempotencyKey: 'c2' }),
    ).rejects.toThrow(PaymentRefused);
  });

  it('settles an authorization once across processes that share a directory: a void and a capture racing, one wins', async () => {
    // A cancelled order: process A voids while process B, at the warehouse's hand-over, captures.
    const dir = await mkdtemp(join(tmpdir(), 'order-ledger-psp-test-'));
    try {
      const a = createSimulatedPaymentProvider({ settlementsDir: dir });
      const b = createSimulatedPaymentProvider({ settlementsDir: dir });
      const c = createSimulatedPaymentProvider({ settlementsDir: dir });
      const answer = await a.authorize(authorize('o-1', 5000));
      if (answer.outcome !== 'authorized') throw new Error('expected an authorization');
      const { authorizationId } = answer;
      await a.void({ orderId: 'o-1', authorizationId, idempotencyKey: 'v' });
      const capture = { orderId: 'o-1', authorizationId, amount: eur(5000), idempotencyKey: 'c' };
      await expect(b.capture(capture)).rejects.toThrow(/voided/);
      expect(b.account('o-1')).toMatchObject({ status: 'voided' });
      // The other way round: B captures first, A's void is refused, and A refunds what B took.
      const second = await a.authorize(authorize('o-2', 7000));
      if (second.outcome !== 'authorized') throw new Error('expected an authorization');
      const o2 = { orderId: 'o-2', authorizationId: second.authorizationId };
      await b.capture({ ...o2, amount: eur(7000), idempotencyKey: 'c2' });
      await expect(a.void({ ...o2, idempotencyKey: 'v2' })).rejects.toThrow(/captured/);
      await expect(a.refund({ ...o2, amount: eur(7000), idempotencyKey: 'r2' })).resolves.toEqual({
        outcome: 'refunded',
      });
      // A third process retrying B's capture gets B's answer, not a second settlement.
      await expect(c.capture({ ...o2, amount: eur(7000), idempotencyKey: 'c2' })).resolves.toEqual({
        outcome: 'captured',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
