import { describe, expect, it } from 'vitest';
import { timeFormatter } from './format.ts';
import { waitingNote, waitingSentence } from './waiting.ts';

const times = timeFormatter('UTC');
const declined = {
  for: 'payment_retry',
  until: '2026-07-15T14:05:00.000Z',
  then: 'rejected: payment declined',
  needsAttention: true,
};

describe('a wait in words', () => {
  it('given a declined payment, then the customer reads the retry deadline and what follows', () => {
    expect(waitingSentence(declined, times, 'customer')).toBe(
      `The payment was declined. It can be retried until ${times.minute(declined.until)}; after that the order is rejected.`,
    );
    expect(waitingNote(declined, times)).toBe(
      `declined — waiting for a retry until ${times.minute(declined.until)}`,
    );
  });

  it('given an order being packed, then the customer is told they may still cancel, staff are not', () => {
    const picking = { ...declined, for: 'picking', needsAttention: false };
    expect(waitingSentence(picking, times, 'customer')).toContain(
      'You can still cancel until then.',
    );
    expect(waitingSentence(picking, times, 'staff')).not.toContain('cancel');
  });

  it('never shows a code', () => {
    for (const what of [
      'stock',
      'payment',
      'payment_retry',
      'picking',
      'shipping_retry',
      'shipping_failed',
      'delivery',
      'compensation',
    ])
      expect(waitingSentence({ ...declined, for: what }, times, 'staff')).not.toMatch(/_/);
  });
});
