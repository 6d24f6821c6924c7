import { describe, expect, it } from 'vitest';
import { rangeOf, searchOfRange } from './range.ts';

const now = new Date('2026-12-07T13:00:00Z');
const read = (query: string) => rangeOf(new URLSearchParams(query), now);

describe('the analytics range in the address', () => {
  it('reads presets as days ending today, 30 by default', () => {
    expect(read('')).toEqual({
      preset: '30',
      from: '2026-11-08',
      to: '2026-12-07',
      compare: false,
    });
    expect(read('range=today')).toMatchObject({ from: '2026-12-07', to: '2026-12-07' });
    expect(read('range=7&compare=previous')).toMatchObject({
      from: '2026-12-01',
      compare: true,
    });
    expect(read('range=90')).toMatchObject({ from: '2026-09-09' });
  });

  it('reads a custom range, and falls back to 30 days on one it cannot read', () => {
    expect(read('range=custom&from=2026-01-01&to=2026-01-31')).toEqual({
      preset: 'custom',
      from: '2026-01-01',
      to: '2026-01-31',
      compare: false,
    });
    expect(read('range=custom&from=2026-02-01&to=2026-01-01').preset).toBe('30');
    expect(read('range=custom&from=yesterday').preset).toBe('30');
    expect(read('range=365').preset).toBe('30');
  });

  it('writes only what differs from the defaults', () => {
    expect(searchOfRange(read(''))).toBe('');
    expect(searchOfRange(read('range=7&compare=previous'))).toBe('range=7&compare=previous');
    expect(
      searchOfRange(read('range=custom&from=2026-01-01&to=2026-01-31'), { category: 'Tea' }),
    ).toBe('category=Tea&range=custom&from=2026-01-01&to=2026-01-31');
    expect(searchOfRange(read(''), { category: '' })).toBe('');
  });
});
