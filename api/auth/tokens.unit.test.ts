import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { ownTokens } from './own-tokens.ts';
import { createMemoryRevocations, createRevokedSet, type Revocations } from './revocations.ts';
import { signingKeyFromSecret } from './signing-key.ts';
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
          revocationKey: `jti:${token}`,
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
          revocationKey: `jti:${token}`,
        });
      },
      { maxEntries: 2 },
    );
    for (const token of ['x', 'y', 'z', 'x']) await verifier.verify(token);
    expect(checks).toEqual(['x', 'y', 'z', 'x']);
  });
});

describe('revocation', () => {
  const verifierOf = (revocations: Revocations, checks: string[] = []) =>
    rememberVerified(
      (token) => {
        checks.push(token);
        return Promise.resolve({
          principal: { sub: token, roles: ['customer'] },
          expiresAtMs: Date.now() + 60_000,
          revocationKey: `jti:${token}`,
        });
      },
      { revocations },
    );

  it('given a token verified and cached, when it is revoked, then it is refused at once, and other tokens are not', async () => {
    const checks: string[] = [];
    const verifier = verifierOf(createMemoryRevocations(), checks);
    await verifier.verify('a');
    await verifier.verify('b');
    await verifier.revoke('a');
    await expect(verifier.verify('a')).rejects.toThrow('the token was revoked');
    expect(await verifier.verify('b')).toEqual({ sub: 'b', roles: ['customer'] });
    expect(checks).toEqual(['a', 'b']);
  });

  it('given two verifiers sharing revocations, when one revokes, then the other refuses', async () => {
    const shared = createMemoryRevocations();
    const [one, other] = [verifierOf(shared), verifierOf(shared)];
    await other.verify('a');
    await one.revoke('a');
    await expect(other.verify('a')).rejects.toThrow(InvalidToken);
  });

  const productTokens = async () =>
    ownTokens(await signingKeyFromSecret('a-secret-of-at-least-thirty-two-characters'), {
      issuer: 'i',
      audience: 'a',
    });

  it('given the product’s own tokens, then they carry a jti each, and revoking one leaves the other', async () => {
    const tokens = await productTokens();
    const first = await tokens.issue({ sub: 'alice', roles: ['customer'] });
    const second = await tokens.issue({ sub: 'alice', roles: ['customer'] });
    expect(decodeJwt(first).jti).toMatch(/^[\w-]{36}$/);
    expect(decodeJwt(first).jti).not.toBe(decodeJwt(second).jti);
    await tokens.revoke(first);
    await expect(tokens.verify(first)).rejects.toThrow('the token was revoked');
    expect(await tokens.verify(second)).toEqual({ sub: 'alice', roles: ['customer'] });
  });

  it('refuses to revoke a token that does not verify', async () => {
    const tokens = await productTokens();
    await expect(tokens.revoke('not-a-token')).rejects.toThrow(InvalidToken);
  });
});

describe('createRevokedSet', () => {
  it('holds a key until its expiry and forgets it after', () => {
    let clock = 1_000;
    const revoked = createRevokedSet({ now: () => clock, sweepEvery: 2 });
    revoked.put('a', 2_000);
    revoked.put('gone', 500);
    expect(revoked.has('a')).toBe(true);
    expect(revoked.has('gone')).toBe(false);
    clock = 2_000;
    expect(revoked.has('a')).toBe(false);
    expect(revoked.size).toBe(0);
  });

  it('sweeps expired keys nobody asks about', () => {
    let clock = 0;
    const revoked = createRevokedSet({ now: () => clock, sweepEvery: 2 });
    revoked.put('a', 10);
    clock = 20;
    revoked.put('b', 30);
    expect(revoked.size).toBe(1);
  });
});
