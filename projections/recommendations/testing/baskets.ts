// Test support only: placed orders as baskets of skus, each sku a product of its own category.
import type { OrderPlaced } from '../../../domain/order/events.ts';
import type { Written } from '../../testing/recorded.ts';

const eur = (amount: number) => ({ amount, currency: 'EUR' });

/** The category of a fixture sku: its letter (`A1` is in `A`). */
export const categoryOf = (sku: string): string => sku.slice(0, 1);

/** An OrderPlaced of `customerId` with one line per sku (a repeated sku is a second line). */
export const basket = (orderId: string, customerId: string, skus: readonly string[]): Written => {
  const lines = skus.map((sku) => ({
    sku,
    name: `Product ${sku}`,
    quantity: 1,
    unitPrice: eur(1000),
    lineTotal: eur(1000),
    category: categoryOf(sku),
  }));
  const placedAt = '2025-03-01T10:00:00.000Z';
  const event: OrderPlaced = {
    type: 'OrderPlaced',
    data: { orderId, customerId, lines, total: eur(1000 * skus.length), placedAt },
  };
  return { stream: `order-${orderId}`, event, actor: customerId, at: placedAt };
};

/** Orders of one customer each, numbered from `from`: `baskets([['A1','B1'], …])`. */
export const baskets = (list: readonly (readonly string[])[], from = 0): Written[] =>
  list.map((skus, index) => basket(`o${String(from + index)}`, `c${String(from + index)}`, skus));
