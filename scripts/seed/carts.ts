import type { CartEvent } from '../../domain/cart/events.ts';
import { maxCartLines, maxCartQuantity } from '../../domain/cart/index.ts';
import { cartStream } from '../../domain/streams.ts';
import { deterministicId } from '../../infra/eventstore/ids.ts';
import type { OrderPlan, StoryEvent } from './order-story.ts';
import { Random } from './random.ts';

/** Orders placed through the cart; the others are placed directly (POST /api/orders). */
export const cartCheckoutShare = 0.5;
/** Visits in which the customer also puts a product or two in the cart and leaves them there. */
export const cartLeftShare = 0.5;

/** A cart event as the live system would have appended it (its revision is given when written). */
export type CartStep = StoryEvent & { readonly event: CartEvent };

/**
 * Each customer's cart over the seeded history, as the cart decider would have written it: at each
 * order's visit the customer either checks the order out of the cart (clearing what was left there
 * before) or places it directly and, some visits, leaves a product or two in the cart, abandoned
 * unless they come back within a day. Its own random stream, so the orders are those the seed
 * writes without carts.
 */
export class CartSeeder {
  private readonly random: Random;
  private readonly held = new Map<string, Map<string, number>>();
  private readonly seed: number;
  /** Orders being checked out of the cart: their lines are in it, the order not yet placed. */
  private readonly checkingOut = new Set<string>();
  private steps = 0;

  constructor(seed: number) {
    this.seed = seed;
    this.random = new Random(seed ^ 0x5ca77);
  }

  /** What the customer does to the cart at the visit of `plan`, before the order is placed. */
  beforeOrder(plan: OrderPlan, at: number, catalog: readonly { sku: string }[]): CartStep[] {
    const { customerId } = plan;
    if (!this.throughCart(plan)) return this.leaveSome(customerId, at, catalog);
    this.checkingOut.add(plan.orderId);
    const steps = [...(this.held.get(customerId)?.keys() ?? [])].map((sku) =>
      this.step(customerId, at, { type: 'CartItemRemoved', data: { customerId, sku } }),
    );
    for (const { sku, quantity } of plan.lines)
      steps.push(
        this.step(customerId, at, { type: 'CartItemAdded', data: { customerId, sku, quantity } }),
      );
    this.held.set(customerId, new Map(plan.lines.map((line) => [line.sku, line.quantity])));
    return steps;
  }

  /** The checkout once the order is placed, when it went through the cart; then maybe more left. */
  afterOrder(plan: OrderPlan, at: number, catalog: readonly { sku: string }[]): CartStep[] {
    const { customerId, orderId } = plan;
    if (!this.checkingOut.delete(orderId)) return [];
    this.held.delete(customerId);
    const lines = plan.lines.map(({ sku, quantity }) => ({ sku, quantity }));
    // Seeded customers have no account, so no sealed address: the id names none.
    const checkout = this.step(customerId, at, {
      type: 'CartCheckedOut',
      data: { customerId, orderId, addressId: 'seed-address', lines },
    });
    return [checkout, ...this.leaveSome(customerId, at, catalog)];
  }

  /** Some visits put a product or two in the cart (more of one already there adds to it). */
  private leaveSome(
    customerId: string,
    at: number,
    catalog: readonly { sku: string }[],
  ): CartStep[] {
    if (!this.random.chance(cartLeftShare)) return [];
    const lines = this.held.get(customerId) ?? new Map<string, number>();
    const steps: CartStep[] = [];
    for (let n = this.random.int(1, 2); n > 0; n--) {
      const sku = catalog[this.random.int(0, catalog.length - 1)]?.sku;
      const quantity = (lines.get(sku ?? '') ?? 0) + 1;
      if (sku === undefined || quantity > maxCartQuantity) continue;
      if (quantity === 1 && lines.size >= maxCartLines) continue;
      const data = { customerId, sku, quantity };
      steps.push(
        this.step(customerId, at, {
          type: quantity === 1 ? 'CartItemAdded' : 'CartItemQuantityChanged',
          data,
        }),
      );
      lines.set(sku, quantity);
    }
    if (lines.size > 0) this.held.set(customerId, lines);
    return steps;
  }

  private throughCart(plan: OrderPlan): boolean {
    const fits =
      plan.lines.length <= maxCartLines &&
      new Set(plan.lines.map((line) => line.sku)).size === plan.lines.length &&
      plan.lines.every((line) => line.quantity <= maxCartQuantity);
    return this.random.chance(cartCheckoutShare) && fits;
  }

  private step(customerId: string, at: number, event: CartEvent): CartStep {
    const commandId = deterministicId('seed-cart', this.seed, this.steps++);
    const stream = cartStream(customerId);
    const metadata = {
      $correlationId: stream,
      $causationId: deterministicId('request', commandId),
      actor: customerId,
      occurredAt: new Date(at).toISOString(),
      commandId,
    };
    return { stream, revision: undefined, id: deterministicId(commandId, 0), event, metadata, at };
  }
}
