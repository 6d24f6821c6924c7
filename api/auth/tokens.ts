import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRemoteJWKSet, errors, jwtVerify, SignJWT, type JWTVerifyResult } from 'jose';
import { claimsSchema, type Principal } from './principal.ts';
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

interface Audience {
  readonly issuer: string;
  readonly audience: string;
}

type Verified = {
  readonly principal: Principal;
  readonly expiresAtMs: number;
  /** What a revocation records: the jti, or a hash of the token when it has none (external ones). */
  readonly revocationKey: string;
};

const clockToleranceSeconds = 5;

const revocationKeyOf = (token: string, jti: string | undefined): string =>
  jti === undefined || jti === ''
    ? `sha256:${createHash('sha256').update(token).digest('base64url')}`
    : `jti:${jti}`;

const checked = async (
  token: string,
  verification: Promise<JWTVerifyResult>,
): Promise<Verified> => {
  try {
    const { payload } = await verification;
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw new InvalidToken('the token lacks a subject or known roles');
    return {
      principal: claims.data,
      expiresAtMs: (payload.exp ?? 0) * 1000,
      revocationKey: revocationKeyOf(token, payload.jti),
    };
  } catch (error) {
    if (error instanceof InvalidToken) throw error;
    if (error instanceof errors.JWTExpired) throw new InvalidToken('the token has expired');
    if (error instanceof errors.JWTClaimValidationFailed)
      throw new InvalidToken(`claim ${error.claim} is not acceptable (${error.reason})`);
    if (error instanceof errors.JOSEAlgNotAllowed)
      throw new InvalidToken('the signing algorithm is not allowed');
    if (error instanceof errors.JWSSignatureVerificationFailed)
      throw new InvalidToken('the signature does not verify');
    throw new InvalidToken('the token is malformed');
  }
};

const rules = (audience: Audience, algorithms: string[]) => ({
  ...audience,
  algorithms,
  clockTolerance: clockToleranceSeconds,
  requiredClaims: ['exp', 'sub'],
});

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

/** HS256 with a shared secret: verifies, and issues (for dev tokens in embedded mode). */
export const hmacTokens = (
  secret: string,
  audience: Audience,
  revocations?: Revocations,
): TokenVerifier & TokenIssuer & TokenRevoker => {
  const key = new TextEncoder().encode(secret);
  return {
    ...rememberVerified(
      (token) => checked(token, jwtVerify(token, key, rules(audience, ['HS256']))),
      revocations === undefined ? {} : { revocations },
    ),
    issue: (principal, ttlSeconds = 8 * 3600) =>
      new SignJWT({ roles: [...principal.roles] })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        // Names this token alone, so signing out revokes it and nothing else.
        .setJti(randomUUID())
        .setSubject(principal.sub)
        .setIssuer(audience.issuer)
        .setAudience(audience.audience)
        .setIssuedAt()
        .setNotBefore('0s')
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key),
  };
};

/** Tokens issued elsewhere, verified against the issuer's published keys (RS/ES/EdDSA). */
export const jwksTokens = (
  url: string,
  audience: Audience,
  revocations?: Revocations,
): TokenVerifier & TokenRevoker => {
  const keys = createRemoteJWKSet(new URL(url));
  const algorithms = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];
  return rememberVerified(
    (token) => checked(token, jwtVerify(token, keys, rules(audience, algorithms))),
    revocations === undefined ? {} : { revocations },
  );
};

/** Embedded mode's secret: made once, kept in the data directory so tokens survive a restart. */
export const loadOrCreateSecret = async (dataDir: string): Promise<string> => {
  const file = join(dataDir, 'jwt-secret');
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing.length >= 32) return existing;
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
};
