import { z } from 'zod';
import { AmountOutOfRange, CurrencyMismatch } from './errors.ts';

export const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR');

/** Money is an integer of minor units (cents) plus its currency, never a float. */
export const moneySchema = z.object({
  amount: z.number().int().nonnegative(),
  currency: currencySchema,
});
export type Money = z.infer<typeof moneySchema>;

const checked = (amount: number, currency: string): Money => {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new AmountOutOfRange(amount, currency);
  return { amount, currency };
};

export const money = (amount: number, currency: string): Money => checked(amount, currency);

export const zeroMoney = (currency: string): Money => ({ amount: 0, currency });

const sameCurrency = (a: Money, b: Money): void => {
  if (a.currency !== b.currency) throw new CurrencyMismatch(a.currency, b.currency);
};

export const addMoney = (a: Money, b: Money): Money => {
  sameCurrency(a, b);
  return checked(a.amount + b.amount, a.currency);
};

/** Throws AmountOutOfRange when `b` is larger than `a`: money never goes negative. */
export const subtractMoney = (a: Money, b: Money): Money => {
  sameCurrency(a, b);
  return checked(a.amount - b.amount, a.currency);
};

export const multiplyMoney = (price: Money, quantity: number): Money =>
  checked(price.amount * quantity, price.currency);

export const sumMoney = (amounts: readonly Money[], currency: string): Money =>
  amounts.reduce(addMoney, zeroMoney(currency));

/** Digits after the decimal point in the currency's major unit (EUR 2, JPY 0), per ISO 4217. */
export const minorUnitDigits = (currency: string): number =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits ?? 2;

/**
 * Converts a decimal of major units (19.99) to minor units (1999). Rounding absorbs the binary
 * float error of values that had no more decimals than the currency allows.
 */
export const fromMajorUnits = (major: number, currency: string): Money =>
  checked(Math.round(major * 10 ** minorUnitDigits(currency)), currency);
