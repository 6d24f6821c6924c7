import { describe, expect, it } from 'vitest';
import { createMemoryChangeFeed, type ReadModelChange } from './change-feed.ts';

const change = (position: number): ReadModelChange => ({
  projection: 'p',
  id: `d${position}`,
  position,
  document: { position },
});

describe('the in-process change feed', () => {
  it('tells listeners in publish order and keeps recent changes for a reconnecting client', async () => {
    const feed = createMemoryChangeFeed(3);
    const heard: number[] = [];
    const stop = feed.listen((changes) => heard.push(...changes.map((c) => c.position)));
    await feed.publish([change(1), change(2)]);
    await feed.publish([change(3)]);
    stop();
    await feed.publish([change(4)]);
    expect(heard).toEqual([1, 2, 3]);
    expect((await feed.since(1)).map((c) => c.position)).toEqual([2, 3, 4]);
    await feed.publish([5, 6, 7, 8].map(change));
    expect((await feed.since(0)).map((c) => c.position)).toEqual([6, 7, 8]);
  });
});
