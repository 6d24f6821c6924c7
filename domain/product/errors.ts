import { DomainError } from '../shared/errors.ts';

export class ProductNotFound extends DomainError {
  constructor(sku: string) {
    super('product_not_found', 'not_found', `Product ${sku} does not exist`, { sku });
  }
}

export class ProductAlreadyExists extends DomainError {
  constructor(sku: string) {
    super('product_already_exists', 'conflict', `Product ${sku} already exists`, { sku });
  }
}

/** Orders refuse mixed currencies, so a product keeps the currency it was added with. */
export class PriceCurrencyChanged extends DomainError {
  constructor(sku: string, currency: string, requested: string) {
    super(
      'price_currency_changed',
      'invalid',
      `Product ${sku} is priced in ${currency}; a new price in ${requested} is not accepted`,
      { sku, currency, requested },
    );
  }
}
