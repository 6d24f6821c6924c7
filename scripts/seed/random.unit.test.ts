import { describe, expect, it } from 'vitest';
import { Random, WeightedChoice } from './random.ts';

const draws = (count: number, draw: () => number) => Array.from({ length: count }, draw);
const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

describe('the seed tool’s randomness', () => {
  it('replays the same sequence from the same seed, and another from another', () => {
    const a = new Random(42);
    const b = new Random(42);
    expect(draws(1000, () => a.next())).toEqual(draws(1000, () => b.next()));
    const c = new Random(1);
    const d = new Random(2);
    expect(draws(100, () => c.next())).not.toEqual(draws(100, () => d.next()));
  });

  it('draws uniform floats in [0, 1) and integers within their bounds', () => {
    const random = new Random(3);
    const floats = draws(50_000, () => random.next());
    expect(Math.min(...floats)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...floats)).toBeLessThan(1);
    expect(mean(floats)).toBeCloseTo(0.5, 2);
    const ints = draws(10_000, () => random.int(5, 9));
    expect(new Set(ints)).toEqual(new Set([5, 6, 7, 8, 9]));
  });

  it('gives a log-normal with the asked mean, its median below it by e^(σ²/2)', () => {
    const random = new Random(4);
    const values = draws(100_000, () => random.logNormal(7_500, 0.6)).sort((a, b) => a - b);
    expect(mean(values) / 7_500).toBeCloseTo(1, 1);
    const median = values[values.length / 2] ?? 0;
    expect(median / (7_500 * Math.exp(-0.18))).toBeCloseTo(1, 1);
  });

  it('picks in proportion to the weights', () => {
    const random = new Random(5);
    const choice = new WeightedChoice([0.6, 0.15, 0.1, 0.1, 0.05]);
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < 100_000; i++) {
      const index = choice.draw(random);
      counts[index] = (counts[index] ?? 0) + 1;
    }
    expect(counts.map((count) => count / 100_000)).toEqual([
      expect.closeTo(0.6, 2),
      expect.closeTo(0.15, 2),
      expect.closeTo(0.1, 2),
      expect.closeTo(0.1, 2),
      expect.closeTo(0.05, 2),
    ]);
  });
});
