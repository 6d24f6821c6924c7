import { describe, expect, it } from 'vitest';
import { rejectionInWords } from './reasons.ts';

describe('why an order ended, in words', () => {
  it('given a shortage, then it says how many were asked for and how many were left', () => {
    expect(rejectionInWords('out_of_stock', 'SKU-10: 10 requested, 5 available')).toBe(
      'Not enough stock: 10 of SKU-10 asked for, 5 left.',
    );
    expect(rejectionInWords('out_of_stock', 'SKU-10: 1 requested, 0 available')).toBe(
      'Not enough stock: 1 of SKU-10 asked for, none left.',
    );
  });

  it('given a declined payment or a timeout, then no code shows', () => {
    expect(rejectionInWords('payment_declined', 'card_declined')).toBe(
      'The payment was declined (card declined).',
    );
    expect(rejectionInWords('payment_timeout', 'no authorized payment within 600000 ms')).toBe(
      'No payment was authorized in time.',
    );
  });
});
