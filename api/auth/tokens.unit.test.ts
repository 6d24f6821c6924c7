import { describe, expect, it } from 'vitest';
import { InvalidToken, rememberVerified } from './tokens.ts';

describe('rememberVerified', () => {
  it('checks a token once while it is valid, again once it expired, and never caches a refusal', async () => {
    let clock = 1_000_000;
    const checks: string[] = [];
    const verifier = rememberVerified(
      (token) => {
        checks.push(token);
        if (token === 'bad') return Promise.reject(new InvalidToken('no'));
        return Promise.resolve({
          principal: { sub: token, roles: ['customer'] },
          expiresAtMs: clock + 10_000,
        });
      },
      { maxAgeMs: 60_000, now: () => clock },
    );
    expect(await verifier.verify('a')).toEqual({ sub: 'a', roles: ['customer'] });
    await verifier.verify('a');
    expect(checks).toEqual(['a']);
    clock += 10_001;
    await verifier.verify('a');
    expect(checks).toEqual(['a', 'a']);
    await expect(verifier.verify('bad')).rejects.toThrow(InvalidToken);
    await expect(verifier.verify('bad')).rejects.toThrow(InvalidToken);
    expect(checks.filter((t) => t === 'bad')).toHaveLength(2);
  });

  it('forgets the oldest entries beyond its size', async () => {
    const checks: string[] = [];
    const verifier = rememberVerified(
      (token) => {
        checks.push(token);
        return Promise.resolve({
          principal: { sub: token, roles: ['admin'] },
          expiresAtMs: Date.now() + 60_000,
        });
      },
      { maxEntries: 2 },
    );
    for (const token of ['x', 'y', 'z', 'x']) await verifier.verify(token);
    expect(checks).toEqual(['x', 'y', 'z', 'x']);
  });
});
