import { describe, expect, it } from 'vitest';
import { BlockCache } from './block-cache.ts';

/** A growing file in memory that counts the reads made of it. */
const file = (size: number) => {
  let bytes = Buffer.from(Array.from({ length: size }, (_, n) => (n * 7 + 3) % 251));
  const source = {
    reads: 0,
    append: (more: Buffer) => {
      bytes = Buffer.concat([bytes, more]);
    },
    slice: (offset: number, length: number) => bytes.subarray(offset, offset + length),
    cache: new BlockCache((target, position) => {
      source.reads++;
      return bytes.copy(target, 0, position, Math.min(bytes.length, position + target.length));
    }),
  };
  return source;
};

describe('block cache: given a file, when ranges of it are read back', () => {
  it('answers the bytes of any range, within a block or across blocks', () => {
    const f = file(300_000);
    for (const [offset, length] of [
      [0, 1],
      [65_530, 12],
      [65_536, 65_536],
      [10, 200_000],
      [299_999, 1],
      [123_456, 0],
    ] as const) {
      expect(f.cache.read(offset, length).equals(f.slice(offset, length))).toBe(true);
    }
  });

  it('walks the file in order with one read per block, not one per range', () => {
    const f = file(640 * 1024);
    for (let at = 0; at + 500 <= 640 * 1024; at += 500) f.cache.read(at, 500);
    // Ranges that straddle two blocks are read directly: at most one per block boundary.
    expect(f.reads).toBeLessThanOrEqual(10 + 10);
  });

  it('reads the tail block again once the file grew past what it held', () => {
    const f = file(1000);
    expect(f.cache.read(900, 100).equals(f.slice(900, 100))).toBe(true);
    const more = Buffer.from('appended later');
    f.append(more);
    expect(f.cache.read(1000, more.length).toString()).toBe('appended later');
  });

  it('refuses a range the file does not hold rather than answering garbage', () => {
    const f = file(1000);
    expect(() => f.cache.read(990, 20)).toThrow(/short read/);
  });

  it('keeps what it answered intact when later reads evict its block', () => {
    const f = file(64 * 1024 * 40);
    const first = f.cache.read(100, 50);
    const copy = Buffer.from(first);
    for (let block = 1; block < 40; block++) f.cache.read(block * 64 * 1024, 10);
    expect(first.equals(copy)).toBe(true);
    const readsBefore = f.reads;
    f.cache.read(100, 50);
    expect(f.reads).toBe(readsBefore + 1);
  });
});
