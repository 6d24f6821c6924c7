import { describe, expect, it } from 'vitest';
import { SortedList } from './sorted-list.ts';

// Enough items for a tree of several levels (a node holds at most 64), inserted out of order.
const shuffled = (count: number, seed: number): number[] => {
  const items = Array.from({ length: count }, (_, i) => i * 2);
  let state = seed;
  for (let i = items.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [items[i], items[j]] = [items[j] ?? 0, items[i] ?? 0];
  }
  return items;
};

describe('a sorted list', () => {
  it('walks forward from and backward before any boundary, as a sorted array would', () => {
    const list = new SortedList<number>((a, b) => a - b);
    const items = shuffled(5_000, 7);
    for (const item of items) list.insert(item);
    for (const item of items.slice(0, 100)) list.insert(item); // equal items are kept once
    const sorted = [...items].sort((a, b) => a - b);

    expect(list.size).toBe(5_000);
    for (const boundary of [-1, 0, 1, 2, 4_999, 5_000, 9_998, 9_999, 20_000]) {
      const from = (item: number) => item >= boundary;
      expect([...list.forward(from)]).toEqual(sorted.filter(from));
      expect([...list.backward(from)]).toEqual(sorted.filter((item) => !from(item)).reverse());
    }
  });

  it('forgets what is removed and says whether it was there', () => {
    const list = new SortedList<number>((a, b) => a - b);
    for (const item of shuffled(1_000, 3)) list.insert(item);

    const removed = shuffled(1_000, 11).slice(0, 600);
    expect(removed.every((item) => list.remove(item))).toBe(true);
    expect(list.remove(removed[0] ?? 0)).toBe(false);
    expect(list.remove(1)).toBe(false);

    const left = shuffled(1_000, 3)
      .filter((item) => !removed.includes(item))
      .sort((a, b) => a - b);
    expect(list.size).toBe(400);
    expect([...list.forward(() => true)]).toEqual(left);
    expect([...list.backward(() => false)]).toEqual([...left].reverse());
  });
});
