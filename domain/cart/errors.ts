import { DomainError } from '../shared/errors.ts';

export class InvalidCartQuantity extends DomainError {
  constructor(sku: string, quantity: number, max: number) {
    super(
      'invalid_cart_quantity',
      'invalid',
      `A cart line holds 1 to ${String(max)} of a product; ${String(quantity)} of ${sku} is not accepted`,
      { sku, quantity, max },
    );
  }
}

export class TooManyCartLines extends DomainError {
  constructor(max: number) {
    super('too_many_cart_lines', 'invalid', `A cart holds at most ${String(max)} products`, {
      max,
    });
  }
}

export class CartItemNotFound extends DomainError {
  constructor(sku: string) {
    super('cart_item_not_found', 'not_found', `${sku} is not in the cart`, { sku });
  }
}

export class CartEmpty extends DomainError {
  constructor() {
    super('cart_empty', 'conflict', 'The cart is empty: there is nothing to check out');
  }
}
