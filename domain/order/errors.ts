import { DomainError } from '../shared/errors.ts';

export class OrderNotFound extends DomainError {
  constructor(orderId: string) {
    super('order_not_found', 'not_found', `Order ${orderId} does not exist`, { orderId });
  }
}

export class OrderAlreadyExists extends DomainError {
  constructor(orderId: string) {
    super('order_already_exists', 'conflict', `Order ${orderId} already exists`, { orderId });
  }
}

/** The command does not apply to an order in this status. */
export class InvalidOrderTransition extends DomainError {
  constructor(orderId: string, status: string, command: string) {
    super(
      'invalid_order_transition',
      'conflict',
      `${command} is not allowed on order ${orderId} while it is ${status}`,
      { orderId, status, command },
    );
  }
}

export class OrderAlreadyShipped extends DomainError {
  constructor(orderId: string, command: string) {
    super('order_already_shipped', 'conflict', `Order ${orderId} has already shipped`, {
      orderId,
      command,
    });
  }
}

export class CancelNotAllowed extends DomainError {
  constructor(orderId: string, actorId: string) {
    super(
      'cancel_not_allowed',
      'forbidden',
      `${actorId} may not cancel order ${orderId}: only its customer or an operator can`,
      { orderId, actorId },
    );
  }
}

export class EmptyOrder extends DomainError {
  constructor(orderId: string) {
    super('empty_order', 'invalid', `Order ${orderId} has no lines`, { orderId });
  }
}

export class TooManyLines extends DomainError {
  constructor(orderId: string, lines: number, max: number) {
    super(
      'too_many_lines',
      'invalid',
      `Order ${orderId} has ${lines} lines; at most ${max} are allowed`,
      { orderId, lines, max },
    );
  }
}

export class InvalidLineQuantity extends DomainError {
  constructor(sku: string, quantity: number, max: number) {
    super(
      'invalid_line_quantity',
      'invalid',
      `Quantity ${quantity} of ${sku} must be a whole number from 1 to ${max}`,
      { sku, quantity, max },
    );
  }
}

export class DuplicateOrderLine extends DomainError {
  constructor(sku: string) {
    super('duplicate_order_line', 'invalid', `${sku} appears on more than one line`, { sku });
  }
}

export class MixedCurrencies extends DomainError {
  constructor(currencies: readonly string[]) {
    super(
      'mixed_currencies',
      'invalid',
      `An order is paid in one currency, not ${currencies.join(' and ')}`,
      { currencies },
    );
  }
}
