import { orderStream } from '../../domain/streams.ts';
import type { Aggregates } from '../../processes/aggregates.ts';

/** The customer an order belongs to; undefined when there is no such order. */
export type OwnerLookup = (orderId: string) => Promise<string | undefined>;

/** The order's own stream says whose it is: the truth, there from the moment the order exists. */
export const orderOwnerFromStream =
  (aggregates: Aggregates): OwnerLookup =>
  async (orderId) => {
    const { state } = await aggregates.orders.load(orderStream(orderId));
    return state.status === 'none' ? undefined : state.customerId;
  };

/**
 * Order owners learnt from the changes that pass by (an order never changes hands), so most joins
 * need no lookup; the rest ask `lookup`. Keeps the `max` most recently used.
 */
export class OrderOwners {
  readonly #known = new Map<string, string>();
  readonly #lookup: OwnerLookup | undefined;
  readonly #max: number;

  constructor(lookup: OwnerLookup | undefined, max = 100_000) {
    this.#lookup = lookup;
    this.#max = max;
  }

  learn(orderId: string, customerId: string): void {
    this.#known.delete(orderId);
    this.#known.set(orderId, customerId);
    if (this.#known.size > this.#max) {
      const oldest = this.#known.keys().next();
      if (oldest.done !== true) this.#known.delete(oldest.value);
    }
  }

  async ownerOf(orderId: string): Promise<string | undefined> {
    const known = this.#known.get(orderId);
    if (known !== undefined) return known;
    const found = await this.#lookup?.(orderId);
    if (found !== undefined) this.learn(orderId, found);
    return found;
  }
}
