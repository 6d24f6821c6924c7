import { describe, expect, it } from 'vitest';
import { AmountOutOfRange, CurrencyMismatch } from './errors.ts';
import {
  addMoney,
  fromMajorUnits,
  minorUnitDigits,
  money,
  moneySchema,
  multiplyMoney,
  subtractMoney,
  sumMoney,
} from './money.ts';

const eur = (amount: number) => money(amount, 'EUR');

describe('Money', () => {
  it('is an integer of minor units and an ISO currency code', () => {
    expect(moneySchema.safeParse({ amount: 1999, currency: 'EUR' }).success).toBe(true);
    for (const bad of [
      { amount: 19.99, currency: 'EUR' },
      { amount: -1, currency: 'EUR' },
      { amount: 1, currency: 'eur' },
      { amount: 1, currency: 'EURO' },
      { amount: '1', currency: 'EUR' },
      { amount: 2 ** 53, currency: 'EUR' },
    ]) {
      expect(moneySchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('adds, subtracts, multiplies and sums within one currency', () => {
    expect(addMoney(eur(1999), eur(1))).toEqual(eur(2000));
    expect(subtractMoney(eur(2000), eur(1))).toEqual(eur(1999));
    expect(multiplyMoney(eur(1999), 3)).toEqual(eur(5997));
    expect(sumMoney([eur(1), eur(2), eur(3)], 'EUR')).toEqual(eur(6));
    expect(sumMoney([], 'EUR')).toEqual(eur(0));
  });

  it('never mixes currencies', () => {
    expect(() => addMoney(eur(1), money(1, 'USD'))).toThrow(CurrencyMismatch);
    expect(() => sumMoney([eur(1)], 'USD')).toThrow(CurrencyMismatch);
  });

  it('never goes negative, fractional or beyond a safe integer', () => {
    expect(() => subtractMoney(eur(1), eur(2))).toThrow(AmountOutOfRange);
    expect(() => multiplyMoney(eur(3), 0.5)).toThrow(AmountOutOfRange);
    expect(() => multiplyMoney(eur(Number.MAX_SAFE_INTEGER), 2)).toThrow(AmountOutOfRange);
    expect(() => money(-5, 'EUR')).toThrow(AmountOutOfRange);
  });

  it('converts decimals of major units with the currency’s minor unit', () => {
    expect(minorUnitDigits('EUR')).toBe(2);
    expect(minorUnitDigits('JPY')).toBe(0);
    expect(fromMajorUnits(19.99, 'EUR')).toEqual(eur(1999));
    expect(fromMajorUnits(0.1 + 0.2, 'EUR')).toEqual(eur(30));
    expect(fromMajorUnits(1.15, 'EUR')).toEqual(eur(115));
    expect(fromMajorUnits(500, 'JPY')).toEqual(money(500, 'JPY'));
  });
});
