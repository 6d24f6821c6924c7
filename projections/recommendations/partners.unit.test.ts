import { describe, expect, it } from 'vitest';
import type { Partner } from './documents.ts';
import { countPartner } from './partners.ts';

const counted = (skus: readonly string[], capacity: number): Partner[] =>
  skus.reduce<Partner[]>((partners, sku) => countPartner(partners, sku, capacity), []);

describe('a sku’s partners: a bounded summary of the skus bought with it', () => {
  it('below capacity, every partner is counted exactly, the most counted first', () => {
    expect(counted(['b', 'c', 'b', 'd', 'b', 'c'], 5)).toEqual([
      { sku: 'b', count: 3, over: 0 },
      { sku: 'c', count: 2, over: 0 },
      { sku: 'd', count: 1, over: 0 },
    ]);
  });

  it('when full, a new partner replaces the least counted and says how much it may overstate', () => {
    expect(counted(['b', 'b', 'b', 'c', 'c', 'd', 'e'], 3)).toEqual([
      { sku: 'b', count: 3, over: 0 },
      { sku: 'c', count: 2, over: 0 },
      { sku: 'e', count: 2, over: 1 },
    ]);
  });

  it('a frequent partner keeps its place however many rare ones pass, and its certain count', () => {
    const rare = Array.from({ length: 300 }, (_, n) => `r${String(n)}`);
    const stream = rare.flatMap((sku, n) => (n % 3 === 0 ? ['hit', sku] : [sku]));
    const partners = counted(stream, 10);
    expect(partners).toHaveLength(10);
    const hit = partners.find((partner) => partner.sku === 'hit');
    expect(hit?.count).toBe(100);
    // What is certain never exceeds the truth, and the true count is within it plus `over`.
    expect((hit?.count ?? 0) - (hit?.over ?? 0)).toBeLessThanOrEqual(100);
    for (const partner of partners)
      expect(partner.count - partner.over).toBeLessThanOrEqual(partner.sku === 'hit' ? 100 : 1);
  });

  it('stays in order, most counted first and by sku among equals, whatever the stream', () => {
    const stream = Array.from({ length: 2_000 }, (_, n) => `s${String((n * 7919) % 37)}`);
    const partners = counted(stream, 20);
    const sorted = [...partners].sort(
      (a, b) => b.count - a.count || (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0),
    );
    expect(partners).toEqual(sorted);
    expect(partners).toHaveLength(20);
  });
});
