import { describe, expect, it } from 'vitest';
import { batches } from './batching.ts';

async function* burstThenTrickle(): AsyncGenerator<number> {
  for (let i = 0; i < 10; i++) yield i;
  for (let i = 10; i < 13; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    yield i;
  }
}

describe('batches', () => {
  it('groups what is already waiting and hands out late items one by one', async () => {
    const seen: number[][] = [];
    for await (const batch of batches(burstThenTrickle(), 4)) seen.push(batch);
    expect(seen.flat()).toEqual([...Array(13).keys()]);
    expect(seen.slice(0, 3)).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
    expect(seen.slice(3)).toEqual([[10], [11], [12]]);
  });

  it('ends when the source ends', async () => {
    const seen: number[][] = [];
    async function* empty(): AsyncGenerator<number> {}
    for await (const batch of batches(empty(), 4)) seen.push(batch);
    expect(seen).toEqual([]);
  });
});
