import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/errors.ts';
import { by, eur, operator, saga } from '../shared/fixtures.ts';
import { seededRandom } from '../shared/prng.ts';
import type { Random } from '../shared/prng.ts';
import { paymentDecider } from './decide.ts';
import type { PaymentCommand } from './commands.ts';
import type { PaymentEvent } from './events.ts';

const orderId = 'ord-1';
const randomCommand = (random: Random, step: number): PaymentCommand => {
  const metadata = by(random.next() < 0.5 ? operator : saga, step);
  switch (random.pick(['authorize', 'capture', 'void', 'refund', 'refund'] as const)) {
    case 'authorize':
      return {
        type: 'AuthorizePayment',
        data: {
          orderId,
          amount: eur(1000),
          answer:
            random.next() < 0.5
              ? { outcome: 'authorized', authorizationId: `auth-${step}` }
              : { outcome: 'declined', reason: 'do_not_honor' },
        },
        metadata,
      };
    case 'capture':
      return { type: 'CapturePayment', data: { orderId }, metadata };
    case 'void':
      return { type: 'VoidAuthorization', data: { orderId }, metadata };
    case 'refund':
      return {
        type: 'RefundPayment',
        data: { orderId, refundId: `rf-${random.int(1, 6)}`, amount: eur(random.int(1, 400)) },
        metadata,
      };
  }
};

const sum = (events: PaymentEvent[], type: PaymentEvent['type']): number =>
  events.reduce(
    (total, e) => total + (e.type === type && 'amount' in e.data ? e.data.amount.amount : 0),
    0,
  );

/** Runs one random sequence, checking the invariants after every decision. */
const run = (seed: number): PaymentEvent[] => {
  const random = seededRandom(seed);
  let state = paymentDecider.initialState;
  const history: PaymentEvent[] = [];
  for (let step = 0; step < 60; step += 1) {
    let events: PaymentEvent[];
    try {
      events = paymentDecider.decide(randomCommand(random, step), state);
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      continue;
    }
    history.push(...events);
    state = events.reduce(paymentDecider.evolve, state);
    // Money moves at most once each way: one authorization, one capture, refunds within it.
    expect(history.filter((e) => e.type === 'PaymentAuthorized').length).toBeLessThanOrEqual(1);
    expect(sum(history, 'PaymentCaptured')).toBeLessThanOrEqual(1000);
    expect(sum(history, 'PaymentRefunded')).toBeLessThanOrEqual(sum(history, 'PaymentCaptured'));
    const refundIds = history.flatMap((e) =>
      e.type === 'PaymentRefunded' ? [e.data.refundId] : [],
    );
    expect(new Set(refundIds).size).toBe(refundIds.length);
    const voidedAndCaptured =
      history.some((e) => e.type === 'AuthorizationVoided') &&
      history.some((e) => e.type === 'PaymentCaptured');
    expect(voidedAndCaptured).toBe(false);
  }
  return history;
};

const seeds = Array.from({ length: 40 }, (_, i) => 2000 + i);

describe('payment invariants over random command sequences', () => {
  it.each(seeds)('hold for seed %i', (seed) => {
    run(seed);
  });

  it('reach every kind of event across the seeds, so the invariants are exercised', () => {
    const seen = new Set(seeds.flatMap((seed) => run(seed).map((e) => e.type)));
    expect([...seen].sort()).toEqual([
      'AuthorizationVoided',
      'PaymentAuthorized',
      'PaymentCaptured',
      'PaymentDeclined',
      'PaymentRefunded',
    ]);
  });
});
