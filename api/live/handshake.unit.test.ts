import { describe, expect, it } from 'vitest';
import { cookieValue } from './handshake.ts';

describe('reading the session cookie', () => {
  it('finds it among others, decoded, and nothing when absent', () => {
    expect(cookieValue('a=1; ol_session=abc.def; b=2', 'ol_session')).toBe('abc.def');
    expect(cookieValue('ol_session="x%3Dy"', 'ol_session')).toBe('x=y');
    expect(cookieValue('xol_session=1; ol_sessionx=2', 'ol_session')).toBeUndefined();
    expect(cookieValue('ol_session=%E0%A4%A', 'ol_session')).toBe('%E0%A4%A');
    expect(cookieValue(undefined, 'ol_session')).toBeUndefined();
  });
});
