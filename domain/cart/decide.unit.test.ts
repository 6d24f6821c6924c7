import { describe, expect, it } from 'vitest';
import { by, customer } from '../shared/fixtures.ts';
import { spec } from '../shared/spec.ts';
import { cartStream, parseCartStream } from '../streams.ts';
import { abandonmentRate, isAbandoned } from './abandoned.ts';
import type { CartCommand } from './commands.ts';
import { cartDecider, maxCartLines } from './decide.ts';
import { CartEmpty, CartItemNotFound, InvalidCartQuantity, TooManyCartLines } from './errors.ts';
import { cartEvents } from './events.ts';
import type { CartEvent } from './events.ts';

const cart = spec(cartDecider, cartEvents);
const customerId = customer.id;
const metadata = by(customer, 5);

const added = (sku: string, quantity: number): CartEvent => ({
  type: 'CartItemAdded',
  data: { customerId, sku, quantity },
});
const changed = (sku: string, quantity: number): CartEvent => ({
  type: 'CartItemQuantityChanged',
  data: { customerId, sku, quantity },
});
const removed = (sku: string): CartEvent => ({
  type: 'CartItemRemoved',
  data: { customerId, sku },
});
const checkedOut = (orderId: string, lines: { sku: string; quantity: number }[]): CartEvent => ({
  type: 'CartCheckedOut',
  data: { customerId, orderId, addressId: 'addr-1', lines },
});

const add = (sku: string, quantity: number): CartCommand => ({
  type: 'AddItem',
  data: { customerId, sku, quantity },
  metadata,
});
const change = (sku: string, quantity: number): CartCommand => ({
  type: 'ChangeQuantity',
  data: { customerId, sku, quantity },
  metadata,
});
const remove = (sku: string): CartCommand => ({
  type: 'RemoveItem',
  data: { customerId, sku },
  metadata,
});
const checkOut = (orderId: string, lines: { sku: string; quantity: number }[]): CartCommand => ({
  type: 'CheckOut',
  data: { customerId, orderId, addressId: 'addr-1', lines },
  metadata,
});

describe('AddItem', () => {
  it('puts a new product in the cart', () => {
    cart
      .given([])
      .when(add('SKU-1', 2))
      .thenEmits([added('SKU-1', 2)]);
  });

  it('adds to the line of a product already in the cart', () => {
    cart
      .given([added('SKU-1', 2)])
      .when(add('SKU-1', 3))
      .thenEmits([changed('SKU-1', 5)]);
  });

  it('refuses quantities outside 1 to 99, the line total included', () => {
    for (const quantity of [0, -1, 100, 1.5]) {
      cart
        .given([])
        .when(add('SKU-1', quantity))
        .thenThrows(InvalidCartQuantity, { sku: 'SKU-1', quantity });
    }
    cart
      .given([added('SKU-1', 98)])
      .when(add('SKU-1', 2))
      .thenThrows(InvalidCartQuantity, { quantity: 100, max: 99 });
  });

  it(`refuses a product beyond ${String(maxCartLines)} lines, but not more of one already there`, () => {
    const full = Array.from({ length: maxCartLines }, (_, i) => added(`SKU-${String(i)}`, 1));
    cart.given(full).when(add('SKU-new', 1)).thenThrows(TooManyCartLines, { max: maxCartLines });
    cart
      .given(full)
      .when(add('SKU-0', 1))
      .thenEmits([changed('SKU-0', 2)]);
  });
});

describe('ChangeQuantity', () => {
  it('sets the quantity of a line', () => {
    cart
      .given([added('SKU-1', 2)])
      .when(change('SKU-1', 7))
      .thenEmits([changed('SKU-1', 7)]);
  });

  it('writes nothing for the quantity the line has', () => {
    cart
      .given([added('SKU-1', 2)])
      .when(change('SKU-1', 2))
      .thenNothing();
  });

  it('refuses a product not in the cart, and quantities outside 1 to 99', () => {
    cart.given([]).when(change('SKU-1', 2)).thenThrows(CartItemNotFound, { sku: 'SKU-1' });
    cart
      .given([added('SKU-1', 2), removed('SKU-1')])
      .when(change('SKU-1', 2))
      .thenThrows(CartItemNotFound);
    cart
      .given([added('SKU-1', 2)])
      .when(change('SKU-1', 0))
      .thenThrows(InvalidCartQuantity);
  });
});

describe('RemoveItem', () => {
  it('takes a line out of the cart', () => {
    cart
      .given([added('SKU-1', 2), added('SKU-2', 1)])
      .when(remove('SKU-1'))
      .thenEmits([removed('SKU-1')]);
  });

  it('writes nothing for a product that is not there', () => {
    cart.given([]).when(remove('SKU-1')).thenNothing();
    cart
      .given([added('SKU-1', 2), removed('SKU-1')])
      .when(remove('SKU-1'))
      .thenNothing();
  });
});

describe('CheckOut', () => {
  const lines = [
    { sku: 'SKU-1', quantity: 2 },
    { sku: 'SKU-2', quantity: 1 },
  ];
  const filled = [added('SKU-1', 2), added('SKU-2', 1)];

  it('records the order, the address id and the lines ordered, and the cart is empty after', () => {
    cart
      .given(filled)
      .when(checkOut('order-1', lines))
      .thenEmits([checkedOut('order-1', lines)]);
    const { state } = cart.given([...filled, checkedOut('order-1', lines)]);
    expect(state).toEqual({ status: 'empty', checkedOut: ['order-1'] });
  });

  it('writes nothing when the same order is checked out again (a repeated Idempotency-Key)', () => {
    cart
      .given([...filled, checkedOut('order-1', lines)])
      .when(checkOut('order-1', lines))
      .thenNothing();
  });

  it('refuses an empty cart, and a cart emptied by an earlier checkout', () => {
    cart.given([]).when(checkOut('order-1', lines)).thenThrows(CartEmpty);
    cart
      .given([...filled, checkedOut('order-1', lines)])
      .when(checkOut('order-2', lines))
      .thenThrows(CartEmpty);
  });

  it('leaves in the cart a product added while the order was being placed', () => {
    const { state } = cart.given([...filled, added('SKU-3', 4), checkedOut('order-1', lines)]);
    expect(state).toEqual({
      status: 'filled',
      lines: [{ sku: 'SKU-3', quantity: 4 }],
      checkedOut: ['order-1'],
    });
  });
});

describe('the cart as its events fold', () => {
  it('keeps lines in the order they were added, with their latest quantities', () => {
    const { state } = cart.given([
      added('SKU-2', 1),
      added('SKU-1', 3),
      changed('SKU-2', 5),
      added('SKU-4', 1),
      removed('SKU-1'),
    ]);
    expect(state).toEqual({
      status: 'filled',
      lines: [
        { sku: 'SKU-2', quantity: 5 },
        { sku: 'SKU-4', quantity: 1 },
      ],
      checkedOut: [],
    });
  });

  it('holds no personal data: an address given in clear is not written, only its id', () => {
    const { data } = cartEvents.encode({
      type: 'CartCheckedOut',
      data: {
        customerId,
        orderId: 'o',
        addressId: 'a',
        lines: [{ sku: 'SKU-1', quantity: 1 }],
        // @ts-expect-error: the schema has no room for an address in clear
        address: { line1: '1 Rue de la Paix' },
      },
    });
    expect(Object.keys(data).sort()).toEqual(['addressId', 'customerId', 'lines', 'orderId']);
  });
});

describe('abandoned carts (a reading of the log, no event)', () => {
  const now = new Date('2025-03-02T12:00:00Z');
  it('counts a cart with lines untouched for the threshold as abandoned', () => {
    const lastChangedAt = new Date('2025-03-01T12:00:00Z');
    expect(isAbandoned({ lineCount: 2, lastChangedAt }, now)).toBe(true);
    expect(isAbandoned({ lineCount: 2, lastChangedAt }, now, 25)).toBe(false);
    expect(isAbandoned({ lineCount: 0, lastChangedAt }, now)).toBe(false);
  });

  it('rates abandoned against checked-out carts', () => {
    expect(abandonmentRate({ abandoned: 1, checkedOut: 3 })).toBe(0.25);
    expect(abandonmentRate({ abandoned: 0, checkedOut: 0 })).toBeNull();
  });
});

describe('the cart stream', () => {
  it('is cart-{customerId}, and parses back to the customer id', () => {
    expect(cartStream('c-1')).toBe('cart-c-1');
    expect(parseCartStream('cart-c-1')).toBe('c-1');
    expect(parseCartStream('customer-c-1')).toBeUndefined();
  });
});
