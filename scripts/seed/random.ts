import { xoroshiro128plus } from 'pure-rand';
import type { RandomGenerator } from 'pure-rand';

/**
 * The seed tool's randomness: one pure-rand generator (xoroshiro128+) per seed, so the same
 * `--seed` writes the same history. The shapes (log-normal, weighted choice) are built on it here
 * because they are a few lines each and pure-rand only gives uniform integers.
 */
export class Random {
  private readonly generator: RandomGenerator;
  private spare: number | undefined;

  constructor(seed: number) {
    this.generator = xoroshiro128plus(seed);
  }

  /** A float in [0, 1) with 53 random bits. */
  next(): number {
    const high = (this.generator.unsafeNext() >>> 0) >>> 5;
    const low = (this.generator.unsafeNext() >>> 0) >>> 6;
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** A standard normal draw (Marsaglia's polar method, keeping the second value for next time). */
  normal(): number {
    if (this.spare !== undefined) {
      const spare = this.spare;
      this.spare = undefined;
      return spare;
    }
    for (;;) {
      const u = 2 * this.next() - 1;
      const v = 2 * this.next() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const scale = Math.sqrt((-2 * Math.log(s)) / s);
        this.spare = v * scale;
        return u * scale;
      }
    }
  }

  /** Log-normal with the given mean and sigma (of the underlying normal): e^(mu + sigma·Z). */
  logNormal(mean: number, sigma: number): number {
    const mu = Math.log(mean) - (sigma * sigma) / 2;
    return Math.exp(mu + sigma * this.normal());
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
}

/** Draws an index in proportion to `weights` in O(log n): cumulative sums and a binary search. */
export class WeightedChoice {
  private readonly cumulative: Float64Array;

  constructor(weights: readonly number[]) {
    if (weights.length === 0) throw new Error('a weighted choice needs at least one weight');
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((weight, index) => {
      sum += weight;
      this.cumulative[index] = sum;
    });
  }

  get size(): number {
    return this.cumulative.length;
  }

  draw(random: Random): number {
    const total = this.cumulative[this.cumulative.length - 1] ?? 0;
    const target = random.next() * total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.cumulative[middle] ?? 0) > target) high = middle;
      else low = middle + 1;
    }
    return low;
  }
}
