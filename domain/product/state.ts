import { unreachable } from '../shared/decider.ts';
import type { Money } from '../shared/money.ts';
import type { ProductEvent } from './events.ts';

export type ProductDetails = { name: string; category: string; description: string };

export type ProductState =
  { status: 'none' } | (ProductDetails & { status: 'listed'; sku: string; unitPrice: Money });

export type ListedProduct = Extract<ProductState, { status: 'listed' }>;

export const initialState: ProductState = { status: 'none' };

/** Events that cannot follow the current state leave it unchanged, so folding stays total. */
export const evolve = (state: ProductState, event: ProductEvent): ProductState => {
  switch (event.type) {
    case 'ProductAdded': {
      if (state.status !== 'none') return state;
      const { sku, name, category, description, unitPrice } = event.data;
      return { status: 'listed', sku, name, category, description, unitPrice };
    }
    case 'ProductPriceChanged':
      if (state.status !== 'listed') return state;
      return { ...state, unitPrice: event.data.unitPrice };
    case 'ProductDetailsChanged': {
      if (state.status !== 'listed') return state;
      const { name, category, description } = event.data;
      return { ...state, name, category, description };
    }
    default:
      return unreachable(event);
  }
};
