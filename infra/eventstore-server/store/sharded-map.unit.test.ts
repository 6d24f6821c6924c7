import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ShardedMap } from './sharded-map.ts';

describe('sharded map: given string keys, when set and read back', () => {
  it('answers what was set last for every key, and undefined for others', () => {
    const map = new ShardedMap<number>();
    const keys = ['', 'a', '$bc-1', 'order-1', ...Array.from({ length: 5000 }, () => randomUUID())];
    keys.forEach((key, n) => {
      map.set(key, n);
    });
    map.set('a', -1);
    expect(keys.map((key) => map.get(key))).toEqual(keys.map((key, n) => (key === 'a' ? -1 : n)));
    expect(map.get('never')).toBeUndefined();
    expect(map.size).toBe(keys.length);
  });

  it('spreads ids and stream names evenly, so it holds far more than one Map can (2^24)', () => {
    const map = new ShardedMap<number>();
    const kinds = [
      () => randomUUID(),
      () => `order-${randomUUID()}`,
      () => `$bc-${randomUUID()}`,
      (n: number) => `inventory-SKU-${String(1001 + (n % 1000))}`,
      (n: number) => `cart-cust-42-${String(n)}`,
      () => `fulfilment-${randomUUID()}`,
    ];
    const count = 60_000;
    for (let n = 0; n < count; n++) map.set(kinds[n % kinds.length]?.(n) ?? '', n);
    const fullest = Math.max(...map.shardSizes);
    // Even would be 1/64 of the keys each; the fullest holds no more than 1/40.
    expect(fullest).toBeLessThan(map.size / 40);
  });
});
