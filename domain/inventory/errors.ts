import { DomainError } from '../shared/errors.ts';

export class InvalidStockQuantity extends DomainError {
  constructor(sku: string, quantity: number, max: number) {
    super(
      'invalid_stock_quantity',
      'invalid',
      `Quantity ${quantity} of ${sku} must be a whole number from 1 to ${max}`,
      { sku, quantity, max },
    );
  }
}

/** Committing ships reserved stock; without a reservation there is nothing to ship. */
export class NothingReserved extends DomainError {
  constructor(sku: string, orderId: string) {
    super('nothing_reserved', 'conflict', `Order ${orderId} holds no reservation of ${sku}`, {
      sku,
      orderId,
    });
  }
}

export class InvalidLowStockThreshold extends DomainError {
  constructor(sku: string, threshold: number, max: number) {
    super(
      'invalid_low_stock_threshold',
      'invalid',
      `The low-stock threshold of ${sku} must be a whole number from 0 to ${max}, not ${threshold}`,
      { sku, threshold, max },
    );
  }
}
