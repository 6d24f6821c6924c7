import { describe, expect, it } from 'vitest';
import { KeyedPool } from './keyed-pool.ts';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('KeyedPool', () => {
  it('keeps order per key while running keys in parallel, never above the limit', async () => {
    const pool = new KeyedPool(3, (error) => {
      throw error;
    });
    const seen: string[] = [];
    let running = 0;
    let peak = 0;
    for (let i = 0; i < 12; i++) {
      const key = `k${i % 3}`;
      await pool.submit(key, async () => {
        running++;
        peak = Math.max(peak, running);
        await tick(12 - i);
        seen.push(`${key}:${i}`);
        running--;
      });
    }
    await pool.drain();
    expect(peak).toBeLessThanOrEqual(3);
    for (const key of ['k0', 'k1', 'k2']) {
      const order = seen
        .filter((entry) => entry.startsWith(`${key}:`))
        .map((e) => Number(e.split(':')[1]));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
    expect(seen).toHaveLength(12);
  });

  it('keeps going after a task fails', async () => {
    const errors: unknown[] = [];
    const pool = new KeyedPool(1, (error) => errors.push(error));
    const seen: number[] = [];
    await pool.submit('a', () => Promise.reject(new Error('boom')));
    await pool.submit('a', () => {
      seen.push(2);
      return Promise.resolve();
    });
    await pool.drain();
    expect(seen).toEqual([2]);
    expect(errors).toHaveLength(1);
  });
});
