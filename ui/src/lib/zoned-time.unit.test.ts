import { describe, expect, it } from 'vitest';
import { zonedToIso } from './zoned-time.ts';

describe('a wall-clock time in a zone, as an instant', () => {
  it('is the same text in UTC', () => {
    expect(zonedToIso('2026-03-01T09:30', 'UTC')).toBe('2026-03-01T09:30:00.000Z');
  });

  it('takes the zone’s offset in winter and in summer', () => {
    expect(zonedToIso('2026-01-15T12:00', 'Europe/Amsterdam')).toBe('2026-01-15T11:00:00.000Z');
    expect(zonedToIso('2026-07-15T12:00', 'Europe/Amsterdam')).toBe('2026-07-15T10:00:00.000Z');
    expect(zonedToIso('2026-07-15T12:00', 'America/New_York')).toBe('2026-07-15T16:00:00.000Z');
  });

  it('lands after the gap when the clock jumps forward', () => {
    // 02:30 does not exist in Amsterdam on 29 March 2026; the instant is one at 03:30 local.
    expect(zonedToIso('2026-03-29T02:30', 'Europe/Amsterdam')).toBe('2026-03-29T01:30:00.000Z');
  });

  it('refuses text that is not a datetime-local value', () => {
    expect(zonedToIso('yesterday', 'UTC')).toBeUndefined();
    expect(zonedToIso('2026-03-01', 'UTC')).toBeUndefined();
  });
});
