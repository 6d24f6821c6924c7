import type { OrderLine } from '../../domain/order/events.ts';
import { deterministicId } from '../../infra/eventstore/ids.ts';
import { complementShare, favouriteCategories, favouriteShare } from './affinity.ts';
import type { PriceIndex, SeedProduct } from './catalog.ts';
import type { Arrival } from './fraud.ts';
import type { OrderPlan, Outcome } from './order-story.ts';
import { outcomes } from './order-story.ts';
import type { Random } from './random.ts';
import { WeightedChoice } from './random.ts';
import type { StockKeeper } from './stock.ts';

/** S4's final states: 60 % delivered, 15 % in transit, 10 % pending, 10 % cancelled, 5 % failed. */
export const outcomeShares: Readonly<Record<Outcome, number>> = {
  delivered: 0.6,
  shipped: 0.15,
  pending: 0.1,
  cancelled: 0.1,
  payment_failed: 0.05,
};
const outcomeChoice = new WeightedChoice(outcomes.map((outcome) => outcomeShares[outcome]));

const declineReasons = ['card_declined', 'insufficient_funds', 'expired_card', 'do_not_honor'];
const cancelReasons = [
  'changed my mind',
  'found it cheaper elsewhere',
  'ordered by mistake',
  'delivery too slow',
];

/** Customers: new ones join, returning ones come back in proportion to how often they order. */
export class Customers {
  private readonly byOrder: Int32Array;
  private orders = 0;
  private count = 0;
  private readonly seed: number;

  constructor(capacity: number, seed: number) {
    this.byOrder = new Int32Array(capacity);
    this.seed = seed;
  }

  fresh(): number {
    return this.count++;
  }

  /** A customer of an earlier order picked at random: frequent buyers come back more often. */
  returning(random: Random): number {
    if (this.orders === 0) return this.fresh();
    return this.byOrder[random.int(0, this.orders - 1)] ?? this.fresh();
  }

  ordered(customer: number): void {
    if (this.orders < this.byOrder.length) this.byOrder[this.orders++] = customer;
  }

  id(customer: number): string {
    return `cust-${String(this.seed)}-${String(customer).padStart(7, '0')}`;
  }

  get total(): number {
    return this.count;
  }
}

/** A target value and item count for the order: log-normal around 75 EUR, about 2.5 items. */
const shapeOf = (arrival: Arrival, random: Random): { cents: number; items: number } => {
  const items = () => {
    let count = 1;
    while (count < 12 && random.chance(0.6)) count += 1;
    return count;
  };
  switch (arrival.fraud?.pattern) {
    case 'new_account_high_value':
      return { cents: random.logNormal(90_000, 0.3), items: random.int(3, 8) };
    case 'unusual_hour':
      return { cents: random.logNormal(30_000, 0.4), items: items() };
    case 'burst':
      return { cents: random.logNormal(12_000, 0.5), items: items() };
    case 'repeated_declines':
      return { cents: random.logNormal(15_000, 0.5), items: items() };
    default:
      return { cents: random.logNormal(7_500, 0.6), items: items() };
  }
};

export type PlanInputs = {
  readonly products: readonly SeedProduct[];
  readonly prices: PriceIndex;
  readonly stock: StockKeeper;
  readonly random: Random;
  readonly seed: number;
};

const line = (product: SeedProduct, quantity: number): OrderLine => ({
  sku: product.sku,
  name: product.name,
  quantity,
  unitPrice: product.price,
  lineTotal: { amount: product.price.amount * quantity, currency: product.price.currency },
  category: product.category,
});

/**
 * Picks products the shop can sell now, near the price the customer has in mind: often from the
 * customer's favourite categories, sometimes the complement of the item before (affinity.ts).
 */
const chooseLines = (arrival: Arrival, customer: string, inputs: PlanInputs): OrderLine[] => {
  const { prices, stock, random } = inputs;
  const quantities = new Map<SeedProduct, number>();
  const at = arrival.at;
  const sellable = (product: SeedProduct, more = 1) =>
    stock.canSell(product.index, (quantities.get(product) ?? 0) + more, at);
  const left = (product: SeedProduct) =>
    stock.availableOf(product.index) - (quantities.get(product) ?? 0);
  if (arrival.fraud?.pattern === 'quantity_spike') {
    const wanted = random.int(15, 40);
    const cheap = prices.near(random.int(500, 3_000), 25).filter((product) => sellable(product));
    const product = cheap.sort((a, b) => left(b) - left(a))[0];
    if (product !== undefined) {
      const quantity = sellable(product, wanted) ? wanted : Math.max(1, left(product));
      return [line(product, quantity)];
    }
  }
  const { cents, items } = shapeOf(arrival, random);
  const favourites = favouriteCategories(customer);
  let previous: SeedProduct | undefined;
  for (let item = 0; item < items; item++) {
    const complement = previous === undefined ? undefined : prices.complementOf(previous);
    if (complement !== undefined && random.chance(complementShare) && sellable(complement)) {
      quantities.set(complement, (quantities.get(complement) ?? 0) + 1);
      // Its own complement is the item before: a pair completes the basket once.
      previous = undefined;
      continue;
    }
    const target = (cents / items) * random.logNormal(1, 0.35);
    const liked = random.chance(favouriteShare)
      ? prices.nearIn(target, 2, favourites).filter((product) => sellable(product))
      : [];
    const candidates =
      liked.length > 0 ? liked : prices.near(target, 6).filter((product) => sellable(product));
    if (candidates.length === 0) continue;
    const weights = new WeightedChoice(candidates.map((product) => product.popularity));
    const product = candidates[weights.draw(random)];
    if (product !== undefined) quantities.set(product, (quantities.get(product) ?? 0) + 1);
    previous = product;
  }
  return [...quantities].map(([product, quantity]) => line(product, quantity));
};

/** The order planned at `arrival`, or undefined when nothing it wanted was in stock. */
export const planOrder = (
  arrival: Arrival,
  customer: string,
  serial: number,
  inputs: PlanInputs,
): OrderPlan | undefined => {
  const { random } = inputs;
  const lines = chooseLines(arrival, customer, inputs);
  if (lines.length === 0) return undefined;
  const total = {
    amount: lines.reduce((sum, each) => sum + each.lineTotal.amount, 0),
    currency: 'EUR',
  };
  const outcome: Outcome =
    arrival.fraud?.pattern === 'repeated_declines'
      ? 'payment_failed'
      : (outcomes[outcomeChoice.draw(random)] ?? 'delivered');
  const shipAfterMs = Math.round(Math.max(30 * 60_000, random.logNormal(18 * 3_600_000, 0.6)));
  return {
    orderId: deterministicId('seed-order', inputs.seed, serial),
    customerId: customer,
    lines,
    total,
    outcome,
    placedAt: arrival.at,
    reactions: Array.from({ length: 4 }, () => 3 + random.exponential(40)),
    shipAfterMs,
    transitMs: Math.round(Math.max(6 * 3_600_000, random.logNormal(2.5 * 86_400_000, 0.4))),
    cancelAfterMs: random.int(5 * 60_000, Math.max(5 * 60_000 + 1, Math.floor(shipAfterMs * 0.9))),
    cancelReason: random.pick(cancelReasons),
    declineReason: random.pick(declineReasons),
    rejectAfterMs: 60_000 + random.int(0, 250),
  };
};
