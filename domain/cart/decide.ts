import { unreachable } from '../shared/decider.ts';
import type { Decider } from '../shared/decider.ts';
import type { AddItem, CartCommand, ChangeQuantity, CheckOut, RemoveItem } from './commands.ts';
import { CartEmpty, CartItemNotFound, InvalidCartQuantity, TooManyCartLines } from './errors.ts';
import type { CartEvent } from './events.ts';
import { evolve, initialState, linesOf } from './state.ts';
import type { Cart } from './state.ts';

export const maxCartQuantity = 99;
export const maxCartLines = 50;

const checkQuantity = (sku: string, quantity: number): void => {
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > maxCartQuantity)
    throw new InvalidCartQuantity(sku, quantity, maxCartQuantity);
};

/** Adding a product already in the cart adds to its line. */
const add = ({ data }: AddItem, state: Cart): CartEvent[] => {
  const { customerId, sku, quantity } = data;
  checkQuantity(sku, quantity);
  const lines = linesOf(state);
  const line = lines.find((held) => held.sku === sku);
  if (line !== undefined) {
    const total = line.quantity + quantity;
    checkQuantity(sku, total);
    return [{ type: 'CartItemQuantityChanged', data: { customerId, sku, quantity: total } }];
  }
  if (lines.length >= maxCartLines) throw new TooManyCartLines(maxCartLines);
  return [{ type: 'CartItemAdded', data: { customerId, sku, quantity } }];
};

const changeQuantity = ({ data }: ChangeQuantity, state: Cart): CartEvent[] => {
  const { customerId, sku, quantity } = data;
  const line = linesOf(state).find((held) => held.sku === sku);
  if (line === undefined) throw new CartItemNotFound(sku);
  checkQuantity(sku, quantity);
  if (line.quantity === quantity) return [];
  return [{ type: 'CartItemQuantityChanged', data: { customerId, sku, quantity } }];
};

/** Removing what is not there is done already: a repeated DELETE writes nothing. */
const remove = ({ data }: RemoveItem, state: Cart): CartEvent[] =>
  linesOf(state).some((line) => line.sku === data.sku)
    ? [{ type: 'CartItemRemoved', data: { customerId: data.customerId, sku: data.sku } }]
    : [];

/**
 * The order was placed with `lines` (read from this cart a moment before); they leave the cart.
 * A product added while the order was being placed stays for the next one.
 */
const checkOut = ({ data }: CheckOut, state: Cart): CartEvent[] => {
  const { customerId, orderId, addressId, lines } = data;
  if (state.checkedOut.includes(orderId)) return [];
  if (state.status === 'empty' || lines.length === 0) throw new CartEmpty();
  return [{ type: 'CartCheckedOut', data: { customerId, orderId, addressId, lines } }];
};

export const decide = (command: CartCommand, state: Cart): CartEvent[] => {
  switch (command.type) {
    case 'AddItem':
      return add(command, state);
    case 'ChangeQuantity':
      return changeQuantity(command, state);
    case 'RemoveItem':
      return remove(command, state);
    case 'CheckOut':
      return checkOut(command, state);
    default:
      return unreachable(command);
  }
};

export const cartDecider: Decider<CartCommand, CartEvent, Cart> = {
  decide,
  evolve,
  initialState,
};
