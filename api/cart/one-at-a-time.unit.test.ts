import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { oneAtATime } from './one-at-a-time.ts';

describe('oneAtATime', () => {
  it('given two tasks for one key, then the second starts once the first has finished', async () => {
    const queue = oneAtATime();
    const log: string[] = [];
    const task = (name: string, ms: number) => async () => {
      log.push(`${name} start`);
      await sleep(ms);
      log.push(`${name} end`);
      return name;
    };
    expect(
      await Promise.all([queue('a', task('first', 30)), queue('a', task('second', 1))]),
    ).toEqual(['first', 'second']);
    expect(log).toEqual(['first start', 'first end', 'second start', 'second end']);
  });

  it('given tasks for two keys, then they run alongside', async () => {
    const queue = oneAtATime();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`${name} start`);
      await sleep(10);
      log.push(`${name} end`);
    };
    await Promise.all([queue('a', task('a')), queue('b', task('b'))]);
    expect(log.slice(0, 2).sort()).toEqual(['a start', 'b start']);
  });

  it('given a task that fails, then the next for that key still runs', async () => {
    const queue = oneAtATime();
    const failed = queue('a', () => Promise.reject(new Error('no')));
    const next = queue('a', () => Promise.resolve('ran'));
    await expect(failed).rejects.toThrow('no');
    expect(await next).toBe('ran');
  });
});
