import { describe, expect, it } from 'vitest';
import * as inventoryErrors from './inventory/errors.ts';
import * as orderErrors from './order/errors.ts';
import * as paymentErrors from './payment/errors.ts';
import * as sharedErrors from './shared/errors.ts';
import { DomainError } from './shared/errors.ts';
import type { DomainErrorKind } from './shared/errors.ts';

const eur = { amount: 100, currency: 'EUR' };

// Codes are a public contract (problem+json `code`): this table changes only on purpose.
const table: [DomainError, string, DomainErrorKind][] = [
  [new sharedErrors.CurrencyMismatch('EUR', 'USD'), 'currency_mismatch', 'invalid'],
  [new sharedErrors.AmountOutOfRange(-1, 'EUR'), 'amount_out_of_range', 'invalid'],
  [new orderErrors.OrderNotFound('o'), 'order_not_found', 'not_found'],
  [new orderErrors.OrderAlreadyExists('o'), 'order_already_exists', 'conflict'],
  [
    new orderErrors.InvalidOrderTransition('o', 'placed', 'X'),
    'invalid_order_transition',
    'conflict',
  ],
  [new orderErrors.OrderAlreadyShipped('o', 'X'), 'order_already_shipped', 'conflict'],
  [new orderErrors.CancelNotAllowed('o', 'a'), 'cancel_not_allowed', 'forbidden'],
  [new orderErrors.EmptyOrder('o'), 'empty_order', 'invalid'],
  [new orderErrors.TooManyLines('o', 101, 100), 'too_many_lines', 'invalid'],
  [new orderErrors.InvalidLineQuantity('s', 0, 1000), 'invalid_line_quantity', 'invalid'],
  [new orderErrors.DuplicateOrderLine('s'), 'duplicate_order_line', 'invalid'],
  [new orderErrors.MixedCurrencies(['EUR', 'USD']), 'mixed_currencies', 'invalid'],
  [new inventoryErrors.InvalidStockQuantity('s', 0, 9), 'invalid_stock_quantity', 'invalid'],
  [new inventoryErrors.NothingReserved('s', 'o'), 'nothing_reserved', 'conflict'],
  [
    new inventoryErrors.InvalidLowStockThreshold('s', -1, 9),
    'invalid_low_stock_threshold',
    'invalid',
  ],
  [new paymentErrors.PaymentNotFound('o'), 'payment_not_found', 'not_found'],
  [
    new paymentErrors.InvalidPaymentTransition('o', 'voided', 'X'),
    'invalid_payment_transition',
    'conflict',
  ],
  [new paymentErrors.InvalidPaymentAmount('o', eur), 'invalid_payment_amount', 'invalid'],
  [new paymentErrors.RefundExceedsCapture('o', eur, eur), 'refund_exceeds_capture', 'conflict'],
];

describe('domain errors', () => {
  it.each(table)('%s has a stable code and kind', (error, code, kind) => {
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe(code);
    expect(error.kind).toBe(kind);
    expect(error.name).toBe(error.constructor.name);
    expect(error.message.length).toBeGreaterThan(10);
  });

  it('are all in the table above, each with its own snake_case code', () => {
    const declared = [sharedErrors, orderErrors, inventoryErrors, paymentErrors]
      .flatMap((module): unknown[] => Object.values(module))
      .filter(
        (value) =>
          typeof value === 'function' && Object.prototype.isPrototypeOf.call(DomainError, value),
      );
    expect(new Set(declared)).toEqual(new Set(table.map(([error]) => error.constructor)));
    const codes = table.map(([, code]) => code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });

  it('carry the facts of the refusal for the problem+json body', () => {
    expect(
      new paymentErrors.RefundExceedsCapture('o', eur, { ...eur, amount: 40 }).details,
    ).toEqual({
      orderId: 'o',
      requested: eur,
      refundable: { amount: 40, currency: 'EUR' },
    });
  });
});
