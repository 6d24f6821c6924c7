import type { Money } from '../../domain/shared/money.ts';
import { categories } from './categories.ts';
import type { Random } from './random.ts';

export type StockClass = 'in_stock' | 'low' | 'out';

export type SeedProduct = {
  readonly index: number;
  readonly sku: string;
  readonly name: string;
  readonly category: string;
  readonly description: string;
  /** The price at the start of the seeded period; price changes move `price` on. */
  readonly firstPrice: Money;
  price: Money;
  /** How much customers prefer it among products of about the same price. */
  readonly popularity: number;
  /** What its stock is at the end of the seeded period: S4's 70 / 20 / 10. */
  readonly stockClass: StockClass;
};

const adjectives = ['Classic', 'Essential', 'Premium', 'Compact', 'Everyday', 'Nordic', 'Urban'];
const models = ['One', 'Pro', 'Lite', 'Plus', 'Max', 'Mini', 'Eco', 'Duo'];

/** Prices end in .99, .49 or .00 as shop prices do; kept inside S4's 5–500 EUR. */
export const shopPrice = (euros: number, random: Random): Money => {
  const whole = Math.min(499, Math.max(5, Math.floor(euros)));
  const cents = random.pick([99, 99, 49, 0]);
  return { amount: whole * 100 + cents, currency: 'EUR' };
};

const stockClassOf = (random: Random): StockClass => {
  const draw = random.next();
  return draw < 0.7 ? 'in_stock' : draw < 0.9 ? 'low' : 'out';
};

/**
 * `count` products spread evenly over the fifty categories, priced log-uniformly between 5 and
 * 500 EUR (many cheap things, few dear ones), skus `SKU-1001`… (clear of embedded mode's SKU-1…10).
 */
export const generateCatalog = (count: number, random: Random, skuPrefix = ''): SeedProduct[] =>
  Array.from({ length: count }, (_, index) => {
    const category = categories[index % categories.length] ?? categories[0];
    if (category === undefined) throw new Error('no categories');
    const noun = random.pick(category.nouns);
    const name = `${random.pick(adjectives)} ${noun} ${random.pick(models)} ${String(index + 1)}`;
    const price = shopPrice(Math.exp(Math.log(5) + random.next() * Math.log(100)), random);
    return {
      index,
      sku: `${skuPrefix}SKU-${String(1001 + index)}`,
      name,
      category: category.name,
      description: `A ${noun} from our ${category.name} range.`,
      firstPrice: price,
      price,
      popularity: random.logNormal(1, 1),
      stockClass: stockClassOf(random),
    };
  });

/** Products sorted by price, so an order can find ones near the price it has in mind. */
export class PriceIndex {
  private readonly sorted: SeedProduct[];
  private readonly byCategory = new Map<string, PriceIndex>();
  private readonly rank = new Map<SeedProduct, number>();

  constructor(products: readonly SeedProduct[], byCategory = true) {
    this.sorted = [...products].sort((a, b) => a.firstPrice.amount - b.firstPrice.amount);
    if (!byCategory) return;
    for (const [rank, product] of this.sorted.entries()) this.rank.set(product, rank);
    for (const name of new Set(products.map((product) => product.category)))
      this.byCategory.set(
        name,
        new PriceIndex(
          products.filter((product) => product.category === name),
          false,
        ),
      );
  }

  /**
   * The product bought with this one (affinity.ts): products pair up two by two in price order, so
   * a complement costs about the same (and is mostly of another category).
   */
  complementOf(product: SeedProduct): SeedProduct | undefined {
    const rank = this.rank.get(product);
    return rank === undefined ? undefined : this.sorted[rank ^ 1];
  }

  /** Up to `width` products on each side of the one nearest to `cents`, in each category. */
  nearIn(cents: number, width: number, categories: readonly string[]): SeedProduct[] {
    return categories.flatMap((name) => this.byCategory.get(name)?.near(cents, width) ?? []);
  }

  /** Up to `width` products on each side of the one nearest to `cents`. */
  near(cents: number, width: number): SeedProduct[] {
    let low = 0;
    let high = this.sorted.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.sorted[middle]?.firstPrice.amount ?? 0) < cents) low = middle + 1;
      else high = middle;
    }
    return this.sorted.slice(Math.max(0, low - width), low + width + 1);
  }
}
