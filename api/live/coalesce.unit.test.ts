import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { Coalescer } from './coalesce.ts';

describe('coalescing snapshots', () => {
  it('passes the first at once and the latest of a burst after the interval, per key', async () => {
    const sent: string[] = [];
    const coalescer = new Coalescer<number>(40, (key, value) => sent.push(`${key}=${value}`));
    coalescer.offer('a', 1);
    coalescer.offer('a', 2);
    coalescer.offer('b', 1);
    coalescer.offer('a', 3);
    expect(sent).toEqual(['a=1', 'b=1']);
    await sleep(60);
    expect(sent).toEqual(['a=1', 'b=1', 'a=3']);
    await sleep(60);
    coalescer.offer('a', 4);
    expect(sent.at(-1)).toBe('a=4');
    coalescer.offer('a', 5);
    coalescer.close();
    await sleep(60);
    expect(sent.at(-1)).toBe('a=4');
  });
});
