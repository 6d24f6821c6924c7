import { unreachable } from '../shared/decider.ts';
import type { Decider } from '../shared/decider.ts';
import type { AddProduct, ChangeDetails, ChangePrice, ProductCommand } from './commands.ts';
import { PriceCurrencyChanged, ProductAlreadyExists, ProductNotFound } from './errors.ts';
import type { ProductEvent } from './events.ts';
import { evolve, initialState } from './state.ts';
import type { ListedProduct, ProductState } from './state.ts';

const listed = (sku: string, state: ProductState): ListedProduct => {
  if (state.status !== 'listed') throw new ProductNotFound(sku);
  return state;
};

const add = (command: AddProduct, state: ProductState): ProductEvent[] => {
  if (state.status !== 'none') throw new ProductAlreadyExists(command.data.sku);
  return [{ type: 'ProductAdded', data: { ...command.data } }];
};

/** The same price again changes nothing, so a repeated request writes nothing. */
const changePrice = (command: ChangePrice, state: ProductState): ProductEvent[] => {
  const { sku, unitPrice } = command.data;
  const product = listed(sku, state);
  const previousUnitPrice = product.unitPrice;
  if (unitPrice.currency !== previousUnitPrice.currency) {
    throw new PriceCurrencyChanged(sku, previousUnitPrice.currency, unitPrice.currency);
  }
  if (unitPrice.amount === previousUnitPrice.amount) return [];
  return [{ type: 'ProductPriceChanged', data: { sku, unitPrice, previousUnitPrice } }];
};

const changeDetails = (command: ChangeDetails, state: ProductState): ProductEvent[] => {
  const { sku, name, category, description } = command.data;
  const product = listed(sku, state);
  const same =
    product.name === name && product.category === category && product.description === description;
  return same
    ? []
    : [{ type: 'ProductDetailsChanged', data: { sku, name, category, description } }];
};

export const decide = (command: ProductCommand, state: ProductState): ProductEvent[] => {
  switch (command.type) {
    case 'AddProduct':
      return add(command, state);
    case 'ChangePrice':
      return changePrice(command, state);
    case 'ChangeDetails':
      return changeDetails(command, state);
    default:
      return unreachable(command);
  }
};

export const productDecider: Decider<ProductCommand, ProductEvent, ProductState> = {
  decide,
  evolve,
  initialState,
};
