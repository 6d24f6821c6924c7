import { describe, expect, it } from 'vitest';
import { commitOf, later } from './position.ts';

describe('positions', () => {
  it('reads every spelling of a commit position', () => {
    expect(commitOf(42)).toBe(42n);
    expect(commitOf('18446744073709551615')).toBe(18446744073709551615n);
    expect(commitOf({ commit: 7, prepare: 7 })).toBe(7n);
    expect(commitOf(null)).toBeNull();
  });

  it('keeps the later version, by position first, then by updatedAt', () => {
    const old = { position: 10, updatedAt: '2026-01-01T00:00:02Z', name: 'old' };
    const newer = { position: 11, updatedAt: '2026-01-01T00:00:01Z', name: 'new' };
    expect(later(old, newer).name).toBe('new');
    expect(later(newer, old).name).toBe('new');
    const noPositions = { updatedAt: '2026-01-01T00:00:01Z', name: 'a' };
    expect(later(noPositions, { updatedAt: '2026-01-01T00:00:03Z', name: 'b' }).name).toBe('b');
  });

  it('keeps the current one on a redelivery', () => {
    const current = { position: 10, name: 'current' };
    expect(later(current, { position: 10, name: 'again' }).name).toBe('current');
  });
});
