// Test support only: varied order histories over several days, customers and categories.
import type { DomainEvent } from '../../../domain/events.ts';
import { orderHistory, type Outcome } from '../../testing/orders.ts';
import type { Written } from '../../testing/recorded.ts';
import { isDomainEvent, type ForeignEvent } from '../../projection.ts';

export const categories: Readonly<Record<string, string>> = {
  'SKU-1': 'Coffee',
  'SKU-2': 'Kitchen',
};
const outcomes: readonly Outcome[] = [
  'delivered',
  'delivered',
  'placed',
  'out_of_stock',
  'declined',
  'cancelled_after_confirm',
  'delivered',
];
const late = new Set(['OrderShipped', 'StockCommitted', 'OrderDelivered', 'FulfilmentCompleted']);
const hourMs = 3_600_000;

const shifted = (iso: string, hours: number): string =>
  new Date(Date.parse(iso) + hours * hourMs).toISOString();

/** The lines of an OrderPlaced with their category, when `withCategory`. */
const categorised = (
  event: DomainEvent | ForeignEvent,
  withCategory: boolean,
): DomainEvent | ForeignEvent => {
  if (!withCategory || !isDomainEvent(event) || event.type !== 'OrderPlaced') return event;
  const lines = event.data.lines.map((line) => ({
    ...line,
    category: categories[line.sku] ?? 'Other',
  }));
  return { ...event, data: { ...event.data, lines } };
};

export interface HistoryOrder {
  readonly orderId: string;
  readonly customerId: string;
  readonly outcome: Outcome;
  /** Hours from placing to shipping (delivery takes as long again). */
  readonly shippingHours: number;
}

/**
 * `count` orders, about `perDay` a day from 1 March 2025, by `customers` customers, every
 * outcome; shipping takes 0 to 30 hours; one order in three has lines without a category.
 */
export const history = (
  count: number,
  { perDay = 5, customers = 4 } = {},
): { orders: HistoryOrder[]; written: Written[] } => {
  const orders: HistoryOrder[] = [];
  const written: Written[] = [];
  for (let n = 0; n < count; n++) {
    const order: HistoryOrder = {
      orderId: `o-${n}`,
      customerId: `c-${(n * 7) % customers}`,
      outcome: outcomes[n % outcomes.length] ?? 'delivered',
      shippingHours: (n * 5) % 31,
    };
    orders.push(order);
    // Days apart, at hours across the day.
    const minute = Math.floor(n / perDay) * 1_440 + ((n * 97) % 720);
    for (const step of orderHistory({ ...order, minute })) {
      const hours =
        step.event.type === 'OrderDelivered' ? 2 * order.shippingHours : order.shippingHours;
      written.push({
        ...step,
        event: categorised(step.event, n % 3 !== 2),
        at: late.has(step.event.type) ? shifted(step.at, hours) : step.at,
      });
    }
  }
  return { orders, written };
};
