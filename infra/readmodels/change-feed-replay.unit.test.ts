import { describe, expect, it } from 'vitest';
import type { ReadModelChange } from './change-feed.ts';
import { changesSince, RecentChanges } from './change-feed-replay.ts';

const change = (projection: string, position: number): ReadModelChange => ({
  projection,
  id: `${projection}-${position}`,
  position,
  document: {},
});
const named = (changes: readonly ReadModelChange[]) => changes.map((c) => c.id);

describe('what a reconnecting client missed', () => {
  it('is everything after the change at its position', () => {
    const published = [1, 2, 3, 4].map((p) => change('s', p));
    expect(named(changesSince(published, 2))).toEqual(['s-3', 's-4']);
    expect(named(changesSince(published, 0))).toEqual(['s-1', 's-2', 's-3', 's-4']);
    expect(changesSince(published, 4)).toEqual([]);
    expect(changesSince(published, 9)).toEqual([]);
  });

  it('includes what a slower projection published below its position after it', () => {
    // Summaries reached 10 before timelines published 8: a client that saw 10 has not seen 8.
    const published = [change('s', 5), change('s', 10), change('t', 8), change('s', 12)];
    expect(named(changesSince(published, 10))).toEqual(['t-8', 's-12']);
  });

  it('includes another change at the very same position published later', () => {
    const published = [change('s', 5), change('t', 5), change('s', 6)];
    expect(named(changesSince(published, 5))).toEqual(['t-5', 's-6']);
  });

  it('starts at the first change beyond a position that no change has', () => {
    const published = [change('s', 5), change('s', 10), change('t', 7)];
    expect(named(changesSince(published, 6))).toEqual(['s-10', 't-7']);
  });
});

describe('the recent changes of a process', () => {
  it('keeps the last ones, older ones read back go in front', () => {
    const recent = new RecentChanges(3);
    recent.push([3, 4].map((p) => change('s', p)));
    recent.prepend([1, 2].map((p) => change('s', p)));
    expect(named(recent.since(1))).toEqual(['s-2', 's-3', 's-4']);
    recent.push([5, 6, 7, 8].map((p) => change('s', p)));
    expect(named(recent.since(0))).toEqual(['s-6', 's-7', 's-8']);
    expect(recent.size).toBeLessThanOrEqual(6);
  });
});
