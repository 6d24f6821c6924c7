import type { SeedProduct } from './catalog.ts';
import { dayMs } from './calendar.ts';
import type { Random } from './random.ts';

/** What the shop shows as low: 1 to 10 available (S4's stock classes: in stock, low, out). */
export const lowStockMax = 10;

/**
 * The stock the storefront sees, kept ahead of the log: a reservation counts the moment its order
 * is planned and a release once it is written, so every StockReserved the seed writes would have
 * been granted by the Inventory decider. In-stock skus are restocked weekly, up to a level set by
 * last week's demand. Low and out skus are restocked as orders come (just in time): a low one to a
 * few units more than the order takes, an out one to exactly what it takes, and an out one not at
 * all in the last two weeks, when it is sold out and cannot be ordered. So the period ends near S4's
 * 70 / 20 / 10 whatever the volume.
 */
export class StockKeeper {
  private readonly available: Int32Array;
  private readonly demand: Int32Array;
  private readonly products: readonly SeedProduct[];
  private readonly end: number;

  constructor(products: readonly SeedProduct[], end: number) {
    this.products = products;
    this.end = end;
    this.available = new Int32Array(products.length);
    this.demand = new Int32Array(products.length);
  }

  availableOf(index: number): number {
    return this.available[index] ?? 0;
  }

  /** Whether `quantity` more can be sold at `at` (restocking just in time where the class does). */
  canSell(index: number, quantity: number, at: number): boolean {
    const stockClass = this.products[index]?.stockClass;
    if (stockClass === 'low' || (stockClass === 'out' && at <= this.soldOutFrom())) return true;
    return this.availableOf(index) >= quantity;
  }

  /** A just-in-time restock the sale of `quantity` needs first (0: none). */
  restockFor(index: number, quantity: number, at: number, random: Random): number {
    const stockClass = this.products[index]?.stockClass;
    const short = quantity - this.availableOf(index);
    if (short <= 0 || stockClass === 'in_stock') return 0;
    if (stockClass === 'out' && at > this.soldOutFrom()) return 0;
    return this.topUp(index, quantity + (stockClass === 'low' ? random.int(1, 8) : 0));
  }

  reserve(index: number, quantity: number): void {
    this.available[index] = this.availableOf(index) - quantity;
    this.demand[index] = (this.demand[index] ?? 0) + quantity;
  }

  release(index: number, quantity: number): void {
    this.available[index] = this.availableOf(index) + quantity;
  }

  /** The quantity of an in-stock sku's weekly restock at `at` (0: none); the week starts again. */
  weeklyRestock(index: number): number {
    const week = this.demand[index] ?? 0;
    this.demand[index] = 0;
    if (this.products[index]?.stockClass !== 'in_stock') return 0;
    return this.topUp(index, Math.ceil(2 * week) + 15);
  }

  /** The first stock, before the first order: a guess at a few weeks of demand (in-stock skus). */
  initial(index: number, weeklyGuess: number, random: Random): number {
    const stockClass = this.products[index]?.stockClass;
    if (stockClass === 'out') return 0;
    if (stockClass === 'low') return this.topUp(index, random.int(1, 8));
    return this.topUp(index, Math.ceil(3 * weeklyGuess) + random.int(15, 40));
  }

  /** The last restock before the end, so in-stock skus end above the low mark and low ones above 0. */
  closing(index: number, random: Random): number {
    const product = this.products[index];
    const level = this.availableOf(index);
    if (product?.stockClass === 'in_stock' && level <= lowStockMax) {
      return this.topUp(index, lowStockMax + random.int(10, 90));
    }
    if (product?.stockClass === 'low' && level === 0) return this.topUp(index, random.int(1, 8));
    return 0;
  }

  private soldOutFrom(): number {
    return this.end - 14 * dayMs;
  }

  private topUp(index: number, target: number): number {
    const quantity = target - this.availableOf(index);
    if (quantity <= 0) return 0;
    this.release(index, quantity);
    return quantity;
  }
}
