import { describe, expect, it } from 'vitest';
import { record } from '../../projections/testing/recorded.ts';
import { project } from '../../projections/testing/spec.ts';
import { recommendations } from '../../projections/recommendations/index.ts';
import { basket, baskets } from '../../projections/recommendations/testing/baskets.ts';
import { memorySource } from './memory-source.ts';
import { personalizedFor, recommendFor } from './recommend.ts';

const sourceOf = (written: Parameters<typeof record>[0]) =>
  memorySource(project(recommendations, record(written)));
const repeat = (times: number, skus: readonly string[]) =>
  Array.from({ length: times }, () => skus);

// A1 goes with B1 (3 of its 4 orders); the best-seller Z1 is in every other order too.
const history = [
  ...baskets([...repeat(3, ['A1', 'B1']), ['A1', 'Z1'], ...repeat(30, ['Z1', 'C1'])]),
  ...baskets([...repeat(6, ['A2']), ...repeat(2, ['A3']), ['Z1', 'B1'], ['Z1', 'A1']], 100),
];

describe('recommendations: given orders placed, when asked about a sku, then what goes with it', () => {
  it('the sku bought with it most in proportion comes first; a best-seller seen with it once does not count', async () => {
    const items = await recommendFor(sourceOf(history), ['A1'], 3);
    expect(items[0]).toMatchObject({ sku: 'B1', reason: 'bought_together' });
    expect(items[0]?.score).toBeGreaterThan(0);
    // Z1 shared two of A1's orders but is in 33: cosine ranks it below B1.
    expect(items.map((item) => item.sku)).toEqual(['B1', 'Z1', 'A2']);
  });

  it('with few co-purchases, the popular skus of its category fill the list, then the best-sellers', async () => {
    const items = await recommendFor(sourceOf(history), ['A3'], 3);
    expect(items).toEqual([
      { sku: 'A2', score: 0, reason: 'popular_in_category' },
      { sku: 'A1', score: 0, reason: 'popular_in_category' },
      { sku: 'Z1', score: 0, reason: 'popular' },
    ]);
  });

  it('a sku never ordered falls back on the category it is given', async () => {
    const items = await recommendFor(sourceOf(history), ['A9'], 1, { categories: ['A'] });
    expect(items).toEqual([{ sku: 'A2', score: 0, reason: 'popular_in_category' }]);
  });
});

describe('personalized: given a customer’s orders, then what suits them, minus what they have', () => {
  it('their categories’ best-sellers and what goes with their purchases, none they bought already', async () => {
    const source = sourceOf([...history, basket('mine', 'me', ['A1'])]);
    const items = await personalizedFor(source, 'me', 4);
    // All they bought is of category A: its best-sellers lead; B1, bought with A1 in three of its
    // orders, outranks Z1, a best-seller seen with it twice.
    expect(items).toMatchObject([
      { sku: 'A2', reason: 'popular_in_category' },
      { sku: 'A3', reason: 'popular_in_category' },
      { sku: 'B1', reason: 'bought_together' },
      { sku: 'Z1', reason: 'bought_together' },
    ]);
  });

  it('a customer with no orders gets the best-sellers', async () => {
    const items = await personalizedFor(sourceOf(history), 'nobody', 2);
    expect(items.map((item) => item.sku)).toEqual(['Z1', 'C1']);
    expect(items.every((item) => item.reason === 'popular')).toBe(true);
  });
});
