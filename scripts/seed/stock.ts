import type { SeedProduct } from './catalog.ts';
import { dayMs } from './calendar.ts';
import type { Random } from './random.ts';

/** What the shop shows as low: 1 to 10 available (S4's stock classes: in stock, low, out). */
export const lowStockMax = 10;

/**
 * The stock the storefront sees, kept ahead of the log: a reservation counts the moment its order
 * is planned and a release once it is written, so every StockReserved the seed writes would have
 * been granted by the Inventory decider. Restocks are weekly, up to a level set by last week's
 * demand and the sku's class; 'out' skus are not restocked in the last two weeks, and low ones are
 * kept low then, so the period ends near S4's 70 / 20 / 10.
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

  reserve(index: number, quantity: number): void {
    this.available[index] = this.availableOf(index) - quantity;
    this.demand[index] = (this.demand[index] ?? 0) + quantity;
  }

  release(index: number, quantity: number): void {
    this.available[index] = this.availableOf(index) + quantity;
  }

  /** The quantity of a weekly restock due at `at` (0: none), and the demand count starts again. */
  weeklyRestock(index: number, at: number, random: Random): number {
    const product = this.products[index];
    if (product === undefined) return 0;
    const week = this.demand[index] ?? 0;
    this.demand[index] = 0;
    const closing = at > this.end - 14 * dayMs;
    let target: number;
    if (product.stockClass === 'in_stock') target = Math.ceil(2 * week) + 15 + random.int(0, 20);
    else if (product.stockClass === 'low')
      target = closing ? random.int(2, 8) : Math.ceil(1.1 * week) + 2;
    else target = closing ? 0 : Math.ceil(1.1 * week) + 2;
    return this.topUp(index, target);
  }

  /** The first stock, before the first order: a guess at a few weeks of demand. */
  initial(index: number, weeklyGuess: number, random: Random): number {
    return this.topUp(index, Math.ceil(3 * weeklyGuess) + random.int(5, 30));
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

  private topUp(index: number, target: number): number {
    const quantity = target - this.availableOf(index);
    if (quantity <= 0) return 0;
    this.release(index, quantity);
    return quantity;
  }
}
