import { describe, expect, it } from 'vitest';
import { formatDay, formatMoney, formatMoneyInText } from './format.ts';

describe('money and days as people read them', () => {
  it('given minor units, shows the amount in its currency', () => {
    expect(formatMoney({ amount: 8898, currency: 'EUR' })).toBe('€88.98');
    expect(formatMoney({ amount: 500, currency: 'JPY' })).toBe('JP¥500');
  });

  it('given a read model’s sentence with "EUR 52.48", shows the amount like every other', () => {
    expect(formatMoneyInText('Payment authorized: EUR 52.48')).toBe('Payment authorized: €52.48');
    expect(formatMoneyInText('Order placed: 3 items, GBP 5')).toBe('Order placed: 3 items, £5.00');
  });

  it('leaves what only looks like an amount alone', () => {
    expect(formatMoneyInText('Stock reserved: 2 × SKU-1')).toBe('Stock reserved: 2 × SKU-1');
    expect(formatMoneyInText('ABC 12 and XYZ 3.5')).toBe('ABC 12 and XYZ 3.5');
  });

  it('given a UTC day, names it without shifting it into another zone', () => {
    expect(formatDay('2026-03-01')).toBe('Sun 1 Mar');
    expect(formatDay('not a day')).toBe('not a day');
  });
});
