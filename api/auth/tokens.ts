import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRemoteJWKSet, errors, jwtVerify, SignJWT, type JWTVerifyResult } from 'jose';
import { claimsSchema, type Principal } from './principal.ts';

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

interface Audience {
  readonly issuer: string;
  readonly audience: string;
}

type Verified = { readonly principal: Principal; readonly expiresAtMs: number };

const checked = async (verification: Promise<JWTVerifyResult>): Promise<Verified> => {
  try {
    const { payload } = await verification;
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw new InvalidToken('the token lacks a subject or known roles');
    return { principal: claims.data, expiresAtMs: (payload.exp ?? 0) * 1000 };
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
  clockTolerance: 5,
  requiredClaims: ['exp', 'sub'],
});

/**
 * Remembers tokens it verified until they expire (at most `maxAgeMs`, so a rotated JWKS key is
 * picked up), sparing the signature check on every request of a client that reuses its token.
 */
export const rememberVerified = (
  verify: (token: string) => Promise<Verified>,
  { maxEntries = 10_000, maxAgeMs = 5 * 60_000, now = Date.now } = {},
): TokenVerifier => {
  const known = new Map<string, Verified>();
  return {
    async verify(token) {
      const hit = known.get(token);
      const at = now();
      if (hit !== undefined && hit.expiresAtMs > at) return hit.principal;
      known.delete(token);
      const verified = await verify(token);
      if (known.size >= maxEntries) {
        const oldest = known.keys().next();
        if (oldest.done !== true) known.delete(oldest.value);
      }
      known.set(token, { ...verified, expiresAtMs: Math.min(verified.expiresAtMs, at + maxAgeMs) });
      return verified.principal;
    },
  };
};

/** HS256 with a shared secret: verifies, and issues (for dev tokens in embedded mode). */
export const hmacTokens = (secret: string, audience: Audience): TokenVerifier & TokenIssuer => {
  const key = new TextEncoder().encode(secret);
  return {
    ...rememberVerified((token) => checked(jwtVerify(token, key, rules(audience, ['HS256'])))),
    issue: (principal, ttlSeconds = 8 * 3600) =>
      new SignJWT({ roles: [...principal.roles] })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
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
export const jwksTokens = (url: string, audience: Audience): TokenVerifier => {
  const keys = createRemoteJWKSet(new URL(url));
  const algorithms = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];
  return rememberVerified((token) => checked(jwtVerify(token, keys, rules(audience, algorithms))));
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
