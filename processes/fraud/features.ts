import { z } from 'zod';
import { CustomerHistory, dayMs, hourMs } from './customer-history.ts';

/** Named numeric features of one order, as of the moment it was placed. */
export type FraudFeatures = { readonly [name: string]: number };

/**
 * What each feature means. Ratios are taken in log2 so a model sees "twice the usual" and "half
 * the usual" as equally far from normal; the shop's usual stands in for a customer with no past.
 */
export const featureDescriptions = {
  ordersLastHour: "the customer's orders in the hour before this one",
  ordersLastDay: "the customer's orders in the 24 hours before this one",
  hourVelocityExcess:
    "the last hour's orders beyond the customer's usual hourly rate, in Poisson deviations",
  dayVelocityExcess:
    "the last day's orders beyond the customer's usual daily rate, in Poisson deviations",
  valueToUsual: "log2 of this order's total over the customer's mean order total",
  valueToShop: "log2 of this order's total over the shop's mean order total",
  accountAgeDays: "days since the customer's first order (0 for a first order)",
  valueAgainstAge: "the order's total in shop means, divided by 1 + the account's age in days",
  declinesLastDay: "the customer's payment declines in the 24 hours before this order",
  declineExcess: "the last day's declines beyond the customer's usual daily rate, likewise",
  pastDeclines: "the customer's payment declines before this order, ever",
  peakHourOrders: 'the most orders the customer placed within one hour before this one',
  peakExcess: "that peak beyond the customer's usual hourly rate, in Poisson deviations",
  hourRarity: 'how rare the hour (UTC) is in the shop: -log2(share of orders in it × 24)',
  rareHourValue: 'hourRarity (when positive) times the total in shop means',
  maxLineQuantity: 'the largest quantity of one sku on the order',
  quantitySpike: "log2 of that quantity over the customer's usual largest quantity",
  addressChangesLastDay:
    "the customer's shipping addresses added, changed or made the default in the 24 hours before this order",
} as const;
export type FeatureName = keyof typeof featureDescriptions;
export const featureNames = Object.keys(featureDescriptions) as FeatureName[];

/** Folds the log (events in log order) into per-customer state, and snapshots each order's features
 * at the moment its OrderPlaced is folded (so features depend only on what came before it). */
export interface FraudFeatureFold {
  apply(event: {
    readonly type: string;
    readonly data: unknown;
    readonly occurredAt: string;
  }): void;
  featuresOf(orderId: string): FraudFeatures | undefined;
  forget(orderId: string): void;
}

// Only what the features need: the fold reads events other code already validated in full.
const placedSchema = z.object({
  orderId: z.string(),
  customerId: z.string(),
  lines: z.array(z.object({ quantity: z.number() })).min(1),
  total: z.object({ amount: z.number() }),
});
const declinedSchema = z.object({ orderId: z.string() });
const addressSchema = z.object({ customerId: z.string() });
/** The customer account's events that move a shipping address (their data is sealed but the id). */
const addressChanges = new Set([
  'CustomerAddressAdded',
  'CustomerAddressUpdated',
  'CustomerDefaultAddressChosen',
]);

type Snapshot = { readonly at: number; readonly features: FraudFeatures };

const log2Ratio = (value: number, usual: number): number =>
  Math.log2(Math.max(value, 1e-9) / Math.max(usual, 1e-9));

/** How far a count is above what a Poisson rate `expected` makes usual, in its deviations. */
const excess = (count: number, expected: number): number =>
  (count - expected) / Math.sqrt(expected + 1);

class Fold implements FraudFeatureFold {
  private readonly customers = new CustomerHistory();
  // Both maps are in time order (insertion), so what is a day old is dropped from the front.
  private readonly snapshots = new Map<string, Snapshot>();
  private readonly customerOfOrder = new Map<string, { at: number; customer: number }>();
  private readonly hours = new Float64Array(24);
  private orders = 0;
  private totalSum = 0;
  private quantitySum = 0;

  apply(event: { readonly type: string; readonly data: unknown; readonly occurredAt: string }) {
    const moved = addressChanges.has(event.type);
    if (event.type !== 'OrderPlaced' && event.type !== 'PaymentDeclined' && !moved) return;
    const at = Date.parse(event.occurredAt);
    if (Number.isNaN(at)) return;
    this.evictBefore(at - dayMs);
    if (moved) {
      const { customerId } = addressSchema.parse(event.data);
      this.customers.addressChanged(this.customers.indexOf(customerId), at);
      return;
    }
    if (event.type === 'PaymentDeclined') {
      const declined = declinedSchema.parse(event.data);
      const placed = this.customerOfOrder.get(declined.orderId);
      if (placed !== undefined) this.customers.declined(placed.customer, at);
      return;
    }
    const placed = placedSchema.parse(event.data);
    const amount = placed.total.amount / 100;
    const quantity = placed.lines.reduce((max, line) => Math.max(max, line.quantity), 0);
    const customer = this.customers.indexOf(placed.customerId);
    this.snapshots.set(placed.orderId, {
      at,
      features: this.featuresAt(customer, at, amount, quantity),
    });
    this.customerOfOrder.set(placed.orderId, { at, customer });
    this.customers.ordered(customer, at, amount, quantity);
    this.orders += 1;
    this.totalSum += amount;
    this.quantitySum += quantity;
    const hour = new Date(at).getUTCHours();
    this.hours[hour] = (this.hours[hour] ?? 0) + 1;
  }

  featuresOf(orderId: string): FraudFeatures | undefined {
    return this.snapshots.get(orderId)?.features;
  }

  forget(orderId: string): void {
    this.snapshots.delete(orderId);
  }

  private featuresAt(customer: number, at: number, amount: number, quantity: number) {
    const c = this.customers;
    // Before the shop has a past, an order is measured against itself (ratio 1).
    const shopTotal = this.orders === 0 ? amount : this.totalSum / this.orders;
    const shopQuantity = this.orders === 0 ? quantity : this.quantitySum / this.orders;
    const count = c.orderCount(customer);
    const usualTotal = count === 0 ? shopTotal : c.totalSum(customer) / count;
    const usualQuantity = count === 0 ? shopQuantity : c.quantitySum(customer) / count;
    const ageDays = count === 0 ? 0 : (at - c.firstAt(customer)) / dayMs;
    // A customer who orders every hour is not bursting when they do; a day's floor on the age
    // keeps a young account's few orders from passing for a habit.
    const perDay = count / Math.max(1, ageDays);
    const ordersLastHour = c.ordersSince(customer, at - hourMs);
    const ordersLastDay = c.ordersSince(customer, at - dayMs);
    const declinesLastDay = c.declinesSince(customer, at - dayMs);
    const pastDeclines = c.declineCount(customer);
    const inShopMeans = amount / Math.max(shopTotal, 1e-9);
    // Laplace smoothing: an hour the shop has not seen yet is rare, not infinitely so.
    const share = ((this.hours[new Date(at).getUTCHours()] ?? 0) + 1) / (this.orders + 24);
    const hourRarity = -Math.log2(share * 24);
    const features: Record<FeatureName, number> = {
      ordersLastHour,
      ordersLastDay,
      hourVelocityExcess: excess(ordersLastHour, perDay / 24),
      dayVelocityExcess: excess(ordersLastDay, perDay),
      valueToUsual: log2Ratio(amount, usualTotal),
      valueToShop: log2Ratio(amount, shopTotal),
      accountAgeDays: ageDays,
      valueAgainstAge: inShopMeans / (1 + ageDays),
      declinesLastDay,
      declineExcess: excess(declinesLastDay, pastDeclines / Math.max(1, ageDays)),
      pastDeclines,
      peakHourOrders: c.peakHourOrders(customer),
      peakExcess: excess(c.peakHourOrders(customer), perDay / 24),
      hourRarity,
      rareHourValue: Math.max(0, hourRarity) * inShopMeans,
      maxLineQuantity: quantity,
      quantitySpike: log2Ratio(quantity, usualQuantity),
      addressChangesLastDay: c.addressChangesSince(customer, at - dayMs),
    };
    return features;
  }

  private evictBefore(cutoff: number): void {
    for (const [orderId, placed] of this.customerOfOrder) {
      if (placed.at >= cutoff) break;
      this.customerOfOrder.delete(orderId);
    }
    for (const [orderId, snapshot] of this.snapshots) {
      if (snapshot.at >= cutoff) break;
      this.snapshots.delete(orderId);
    }
  }
}

/**
 * A fresh fold. It keeps a few numbers per customer, and per order only for a day of business
 * time: the order's customer (a decline names only the order) and its snapshot until forgotten.
 */
export const createFraudFeatureFold = (): FraudFeatureFold => new Fold();
