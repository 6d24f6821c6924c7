import { describe, expect, it } from 'vitest';
import { addId, emptyIdSet, hasId, idsOf } from './id-set.ts';

describe('IdSet', () => {
  it('grows without changing the sets it grew from', () => {
    const one = addId(emptyIdSet, 'a');
    const two = addId(one, 'b');
    expect(hasId(two, 'a')).toBe(true);
    expect(hasId(two, 'b')).toBe(true);
    expect(hasId(one, 'b')).toBe(false);
    expect(hasId(emptyIdSet, 'a')).toBe(false);
    expect(idsOf(two)).toEqual(['a', 'b']);
    expect(idsOf(one)).toEqual(['a']);
  });
});
