import { describe, expect, it } from 'vitest';
import { splitIntoWeeks } from './sku-periods.ts';

// 2026-12-07 is a Monday, 2026-12-13 a Sunday.
describe('a range split into whole ISO weeks and the days at its edges', () => {
  it('given 90 days from a Wednesday, then 12 weeks and the days before and after them', () => {
    expect(splitIntoWeeks({ from: '2026-09-09', to: '2026-12-07' })).toEqual({
      weeks: { from: '2026-09-14', to: '2026-11-30' },
      days: [
        { from: '2026-09-09', to: '2026-09-13' },
        { from: '2026-12-07', to: '2026-12-07' },
      ],
    });
  });

  it('given whole weeks from a Monday to a Sunday, then no days', () => {
    expect(splitIntoWeeks({ from: '2026-11-30', to: '2026-12-13' })).toEqual({
      weeks: { from: '2026-11-30', to: '2026-12-07' },
      days: [],
    });
  });

  it('given a range holding no whole week, then its days only', () => {
    const range = { from: '2026-12-08', to: '2026-12-14' };
    expect(splitIntoWeeks(range)).toEqual({ weeks: null, days: [range] });
    const one = { from: '2026-12-07', to: '2026-12-07' };
    expect(splitIntoWeeks(one)).toEqual({ weeks: null, days: [one] });
  });
});
