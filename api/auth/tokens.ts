import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRemoteJWKSet, errors, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
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

const verifyWith = async (
  token: string,
  key: Uint8Array | JWTVerifyGetKey,
  options: Audience & { algorithms: string[] },
) => {
  try {
    const { payload } = await (key instanceof Uint8Array
      ? jwtVerify(token, key, { ...options, clockTolerance: 5, requiredClaims: ['exp', 'sub'] })
      : jwtVerify(token, key, { ...options, clockTolerance: 5, requiredClaims: ['exp', 'sub'] }));
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw new InvalidToken('the token lacks a subject or known roles');
    return claims.data;
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

/** HS256 with a shared secret: verifies, and issues (for dev tokens in embedded mode). */
export const hmacTokens = (secret: string, audience: Audience): TokenVerifier & TokenIssuer => {
  const key = new TextEncoder().encode(secret);
  return {
    verify: (token) => verifyWith(token, key, { ...audience, algorithms: ['HS256'] }),
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
  return {
    verify: (token) =>
      verifyWith(token, keys, {
        ...audience,
        algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'],
      }),
  };
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
