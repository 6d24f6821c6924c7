import { unreachable } from '../shared/decider.ts';
import type { CartEvent, CartLine } from './events.ts';

/**
 * `checkedOut` lists the orders this cart became, so a repeated checkout (the same
 * Idempotency-Key, hence the same order id) is recognised and writes nothing.
 */
export type Cart =
  | { status: 'empty'; checkedOut: string[] }
  | { status: 'filled'; lines: [CartLine, ...CartLine[]]; checkedOut: string[] };

export const initialState: Cart = { status: 'empty', checkedOut: [] };

export const linesOf = (cart: Cart): readonly CartLine[] =>
  cart.status === 'filled' ? cart.lines : [];

const withLines = (cart: Cart, lines: CartLine[]): Cart => {
  const [first, ...rest] = lines;
  return first === undefined
    ? { status: 'empty', checkedOut: cart.checkedOut }
    : { status: 'filled', lines: [first, ...rest], checkedOut: cart.checkedOut };
};

const setQuantity = (lines: readonly CartLine[], sku: string, quantity: number): CartLine[] =>
  lines.map((line) => (line.sku === sku ? { sku, quantity } : line));

/** Events that cannot follow the current state leave it unchanged, so folding stays total. */
export const evolve = (state: Cart, event: CartEvent): Cart => {
  const lines = linesOf(state);
  switch (event.type) {
    case 'CartItemAdded': {
      const { sku, quantity } = event.data;
      if (lines.some((line) => line.sku === sku)) return state;
      return withLines(state, [...lines, { sku, quantity }]);
    }
    case 'CartItemQuantityChanged':
      return withLines(state, setQuantity(lines, event.data.sku, event.data.quantity));
    case 'CartItemRemoved':
      return withLines(
        state,
        lines.filter((line) => line.sku !== event.data.sku),
      );
    case 'CartCheckedOut': {
      const ordered = new Set(event.data.lines.map((line) => line.sku));
      const left = withLines(
        state,
        lines.filter((line) => !ordered.has(line.sku)),
      );
      return { ...left, checkedOut: [...state.checkedOut, event.data.orderId] };
    }
    default:
      return unreachable(event);
  }
};
