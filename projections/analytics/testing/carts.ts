// Test support only: carts filled, changed, checked out, emptied and left, over several days.
import type { CartEvent } from '../../../domain/cart/events.ts';
import type { ProductEvent } from '../../../domain/product/events.ts';
import { seededRandom } from '../../../domain/shared/prng.ts';
import type { Written } from '../../testing/recorded.ts';

/** 1 March 2025, 00:00 UTC. */
const start = Date.parse('2025-03-01T00:00:00Z');
const hourMs = 3_600_000;
export const atHour = (hours: number): string => new Date(start + hours * hourMs).toISOString();

export const prices: Readonly<Record<string, number>> = {
  'SKU-1': 1999,
  'SKU-2': 1250,
  'SKU-3': 500,
};
const skus = ['SKU-1', 'SKU-2', 'SKU-3'] as const;

/** The catalog's products, priced, added before any cart (at hour -1). */
export const catalog = (): Written[] =>
  skus.map((sku) => {
    const event: ProductEvent = {
      type: 'ProductAdded',
      data: {
        sku,
        name: `Product ${sku}`,
        category: 'Coffee',
        description: 'For the carts specification.',
        unitPrice: { amount: prices[sku] ?? 0, currency: 'EUR' },
      },
    };
    return { stream: `product-${sku}`, event, actor: 'seed', at: atHour(-1) };
  });

/** One cart event of `customerId` at `hours` after 1 March 2025. */
export const cartEvent = (customerId: string, hours: number, event: CartEvent): Written => ({
  stream: `cart-${customerId}`,
  event,
  actor: customerId,
  at: atHour(hours),
});

export const added = (customerId: string, sku: string, quantity: number): CartEvent => ({
  type: 'CartItemAdded',
  data: { customerId, sku, quantity },
});
export const changed = (customerId: string, sku: string, quantity: number): CartEvent => ({
  type: 'CartItemQuantityChanged',
  data: { customerId, sku, quantity },
});
export const removed = (customerId: string, sku: string): CartEvent => ({
  type: 'CartItemRemoved',
  data: { customerId, sku },
});
export const checkedOut = (
  customerId: string,
  orderId: string,
  lines: { sku: string; quantity: number }[],
): CartEvent => ({
  type: 'CartCheckedOut',
  data: { customerId, orderId, addressId: 'home', lines },
});

type Ending = 'checkout' | 'empty' | 'leave' | 'leave-then-checkout';
const endings: readonly [Ending, ...Ending[]] = [
  'checkout',
  'empty',
  'leave',
  'leave-then-checkout',
];

/**
 * `customers` customers, each filling their cart again and again over about `days` days; each
 * fill ends checked out, emptied, left (the next fill adds to it a day or more later, or nothing
 * follows), or left and checked out on coming back. Each customer's events are in time order.
 */
export const cartHistory = (seed: number, { customers = 6, days = 12 } = {}): Written[][] => {
  const random = seededRandom(seed);
  return Array.from({ length: customers }, (_, c) => {
    const customerId = `c-${c}`;
    const written: Written[] = [];
    const at = (hours: number, event: CartEvent) =>
      written.push(cartEvent(customerId, hours, event));
    let hours = random.int(0, 48);
    let held = new Map<string, number>();
    let orders = 0;
    while (hours < days * 24) {
      for (let n = random.int(1, 3); n > 0; n--) {
        const sku = random.pick(skus);
        const quantity = random.int(1, 3);
        hours += random.next();
        const had = held.get(sku);
        at(
          hours,
          had === undefined
            ? added(customerId, sku, quantity)
            : changed(customerId, sku, had + quantity),
        );
        held.set(sku, (had ?? 0) + quantity);
      }
      const ending = random.pick(endings);
      if (ending === 'leave') {
        hours += random.int(1, 80);
        continue;
      }
      hours += ending === 'leave-then-checkout' ? random.int(24, 60) : random.next() * 5;
      if (ending === 'empty') for (const sku of held.keys()) at(hours, removed(customerId, sku));
      else
        at(
          hours,
          checkedOut(
            customerId,
            `${customerId}-o${orders++}`,
            [...held].map(([sku, quantity]) => ({ sku, quantity })),
          ),
        );
      held = new Map();
      hours += random.int(1, 50);
    }
    return written;
  });
};
