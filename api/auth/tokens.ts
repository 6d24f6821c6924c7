import type { Principal } from './principal.ts';
import { createMemoryRevocations, type Revocations } from './revocations.ts';

/** The token could not be accepted; `reason` says why, for the 401 answer and the log. */
export class InvalidToken extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(`invalid token: ${reason}`);
    this.name = 'InvalidToken';
    this.reason = reason;
  }
}

export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

export interface TokenIssuer {
  issue(principal: Principal, ttlSeconds?: number): Promise<string>;
}

export interface TokenRevoker {
  /** Refuses this (valid) token from now until it expires, in every process sharing revocations. */
  revoke(token: string): Promise<void>;
}

/** The keys to verify a token with could not be had (an issuer's JWKS did not answer): a 503. */
export class KeysUnavailable extends Error {
  constructor(reason: string, options?: ErrorOptions) {
    super(reason, options);
    this.name = 'KeysUnavailable';
  }
}

/** Who a token is from (`iss`) and for (`aud`). */
export interface Audience {
  readonly issuer: string;
  readonly audience: string;
}

export type Verified = {
  readonly principal: Principal;
  readonly expiresAtMs: number;
  /** What a revocation records: the jti, or a hash of the token when it has none (external ones). */
  readonly revocationKey: string;
};

export const clockToleranceSeconds = 5;

/**
 * Remembers tokens it verified until they expire (at most `maxAgeMs`, so a rotated JWKS key is
 * picked up), sparing the signature check on every request of a client that reuses its token.
 * Revocations are asked on every call, cached or not (a lookup in memory).
 */
export const rememberVerified = (
  verify: (token: string) => Promise<Verified>,
  {
    revocations = createMemoryRevocations(),
    maxEntries = 10_000,
    maxAgeMs = 5 * 60_000,
    now = Date.now,
  }: { revocations?: Revocations; maxEntries?: number; maxAgeMs?: number; now?: () => number } = {},
): TokenVerifier & TokenRevoker => {
  const known = new Map<string, { readonly verified: Verified; readonly until: number }>();
  const verified = async (token: string): Promise<Verified> => {
    const at = now();
    let entry = known.get(token);
    if (entry === undefined || entry.until <= at) {
      known.delete(token);
      const fresh = await verify(token);
      if (known.size >= maxEntries) {
        const oldest = known.keys().next();
        if (oldest.done !== true) known.delete(oldest.value);
      }
      entry = { verified: fresh, until: Math.min(fresh.expiresAtMs, at + maxAgeMs) };
      known.set(token, entry);
    }
    if (revocations.has(entry.verified.revocationKey))
      throw new InvalidToken('the token was revoked');
    return entry.verified;
  };
  return {
    verify: async (token) => (await verified(token)).principal,
    async revoke(token) {
      const { revocationKey, expiresAtMs } = await verified(token);
      // The verifier still takes a token a few seconds past its expiry: so does the revocation.
      await revocations.add(revocationKey, expiresAtMs + clockToleranceSeconds * 1000);
    },
  };
};
