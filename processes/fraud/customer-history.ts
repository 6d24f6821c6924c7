export const hourMs = 60 * 60 * 1000;
export const dayMs = 24 * hourMs;

/** Grows a typed array by doubling, keeping what it held. */
const grown = (array: Float64Array<ArrayBuffer>, size: number): Float64Array<ArrayBuffer> => {
  if (size <= array.length) return array;
  const next = new Float64Array(Math.max(size, array.length * 2));
  next.set(array);
  return next;
};

/**
 * What the fraud features remember of each customer, kept small because it must hold a million:
 * six numbers in typed arrays (about 48 bytes each beside the id), plus the times of their
 * orders and declines of the last day for the few customers active that day.
 */
export class CustomerHistory {
  private readonly index = new Map<string, number>();
  private firstAts = new Float64Array(1024);
  private counts = new Float64Array(1024);
  private totals = new Float64Array(1024);
  private quantities = new Float64Array(1024);
  private peaks = new Float64Array(1024);
  private declines = new Float64Array(1024);
  private readonly recentOrders = new Map<number, number[]>();
  private readonly recentDeclines = new Map<number, number[]>();
  private readonly recentAddressChanges = new Map<number, number[]>();
  private sweptAt = -Infinity;

  /** The customer's index, made on first sight. */
  indexOf(customerId: string): number {
    const known = this.index.get(customerId);
    if (known !== undefined) return known;
    const made = this.index.size;
    this.index.set(customerId, made);
    this.firstAts = grown(this.firstAts, made + 1);
    this.counts = grown(this.counts, made + 1);
    this.totals = grown(this.totals, made + 1);
    this.quantities = grown(this.quantities, made + 1);
    this.peaks = grown(this.peaks, made + 1);
    this.declines = grown(this.declines, made + 1);
    return made;
  }

  get size(): number {
    return this.index.size;
  }

  orderCount(customer: number): number {
    return this.counts[customer] ?? 0;
  }
  firstAt(customer: number): number {
    return this.firstAts[customer] ?? 0;
  }
  totalSum(customer: number): number {
    return this.totals[customer] ?? 0;
  }
  quantitySum(customer: number): number {
    return this.quantities[customer] ?? 0;
  }

  /** The most orders the customer placed within one hour, so far. */
  peakHourOrders(customer: number): number {
    return this.peaks[customer] ?? 0;
  }
  declineCount(customer: number): number {
    return this.declines[customer] ?? 0;
  }

  ordersSince(customer: number, since: number): number {
    return countSince(this.recentOrders.get(customer), since);
  }
  declinesSince(customer: number, since: number): number {
    return countSince(this.recentDeclines.get(customer), since);
  }
  addressChangesSince(customer: number, since: number): number {
    return countSince(this.recentAddressChanges.get(customer), since);
  }

  /** A shipping address added, changed or made the default. */
  addressChanged(customer: number, at: number): void {
    remember(this.recentAddressChanges, customer, at);
    this.sweep(at);
  }

  ordered(customer: number, at: number, amount: number, quantity: number): void {
    if ((this.counts[customer] ?? 0) === 0) this.firstAts[customer] = at;
    this.counts[customer] = (this.counts[customer] ?? 0) + 1;
    this.totals[customer] = (this.totals[customer] ?? 0) + amount;
    this.quantities[customer] = (this.quantities[customer] ?? 0) + quantity;
    remember(this.recentOrders, customer, at);
    const inHour = this.ordersSince(customer, at - hourMs);
    this.peaks[customer] = Math.max(this.peaks[customer] ?? 0, inHour);
    this.sweep(at);
  }

  declined(customer: number, at: number): void {
    this.declines[customer] = (this.declines[customer] ?? 0) + 1;
    remember(this.recentDeclines, customer, at);
    this.sweep(at);
  }

  /** Once an hour of business time, forgets the day-old times of customers who did not come back. */
  private sweep(now: number): void {
    if (now - this.sweptAt < hourMs) return;
    this.sweptAt = now;
    for (const recent of [this.recentOrders, this.recentDeclines, this.recentAddressChanges]) {
      for (const [customer, times] of recent) {
        if ((times.at(-1) ?? -Infinity) < now - dayMs) recent.delete(customer);
      }
    }
  }
}

const countSince = (times: readonly number[] | undefined, since: number): number => {
  if (times === undefined) return 0;
  let count = 0;
  for (let index = times.length - 1; index >= 0 && (times[index] ?? -Infinity) >= since; index--) {
    count += 1;
  }
  return count;
};

// A day's times at most, and no more than a burst's worth: beyond 64 orders a day the count
// says all a model needs.
const remember = (recent: Map<number, number[]>, customer: number, at: number): void => {
  const times = recent.get(customer) ?? [];
  times.push(at);
  while (times.length > 64 || (times[0] ?? at) < at - dayMs) times.shift();
  recent.set(customer, times);
};
