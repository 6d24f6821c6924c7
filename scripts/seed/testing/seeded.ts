import type { FraudLabel } from '../fraud.ts';
import { seedHistory } from '../history.ts';
import type { HistoryOptions } from '../history.ts';
import type { SeedEvent } from '../seed-event.ts';

/** The end of the seeded period in the tests: fixed, so every run writes the same history. */
export const testEnd = Date.parse('2026-12-07T12:00:00.000Z');

/** A whole seeded history in memory, with its fraud labels. */
export const seeded = (
  options: Partial<HistoryOptions> & { orders: number },
): { events: SeedEvent[]; labels: FraudLabel[] } => {
  const labels: FraudLabel[] = [];
  const events = [
    ...seedHistory({
      days: 365,
      seed: 7,
      fraud: false,
      end: testEnd,
      ...options,
      onLabel: (label) => labels.push(label),
    }),
  ];
  return { events, labels };
};

/** Each order's events in log order, by `$correlationId`. */
export const byOrder = (events: readonly SeedEvent[]): Map<string, SeedEvent[]> => {
  const orders = new Map<string, SeedEvent[]>();
  for (const event of events) {
    const stream = event.stream;
    // Carts are the customers' own streams, correlated by the cart (scripts/seed/carts.ts).
    if (stream.startsWith('product-') || stream.startsWith('cart-')) continue;
    if (event.event.type === 'StockRestocked') continue;
    const key = event.metadata.$correlationId;
    if (typeof key !== 'string') continue;
    const list = orders.get(key);
    if (list === undefined) orders.set(key, [event]);
    else list.push(event);
  }
  return orders;
};
