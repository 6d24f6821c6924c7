import { createHash } from 'node:crypto';
import { decodeJwt, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { claimsSchema } from './principal.ts';
import type { Revocations } from './revocations.ts';
import {
  clockToleranceSeconds,
  InvalidToken,
  KeysUnavailable,
  rememberVerified,
  type Audience,
  type TokenRevoker,
  type TokenVerifier,
  type Verified,
} from './tokens.ts';

/** An issuer whose tokens are accepted: its keys and the only algorithms it may sign with. */
export interface TrustedIssuer extends Audience {
  /** 'own' tokens are revoked by jti alone; another issuer's jti is scoped by its `iss`. */
  readonly kind: 'own' | 'external';
  readonly keys: JWTVerifyGetKey;
  readonly algorithms: readonly string[];
}

const revocationKeyOf = (token: string, payload: JWTPayload, trusted: TrustedIssuer): string => {
  if (payload.jti === undefined || payload.jti === '')
    return `sha256:${createHash('sha256').update(token).digest('base64url')}`;
  // Another issuer's jti could equal one of ours: revoking it must not sign out our token.
  return trusted.kind === 'own' ? `jti:${payload.jti}` : `jti:${trusted.issuer} ${payload.jti}`;
};

const reasonOf = (error: unknown): string => {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed)
    return `claim ${error.claim} is not acceptable (${error.reason})`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the signing algorithm is not allowed';
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return 'the signature does not verify';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no key of its issuer has its kid';
  return 'the token is malformed';
};

// Only to choose the key set: the signature and every claim are checked once it is chosen.
const unverifiedIssuerOf = (token: string): string => {
  let iss: unknown;
  try {
    iss = decodeJwt(token).iss;
  } catch {
    throw new InvalidToken('the token is malformed');
  }
  if (typeof iss !== 'string' || iss === '') throw new InvalidToken('the token names no issuer');
  return iss;
};

const verifiedBy = async (token: string, trusted: TrustedIssuer): Promise<Verified> => {
  try {
    const { payload } = await jwtVerify(token, trusted.keys, {
      issuer: trusted.issuer,
      audience: trusted.audience,
      algorithms: [...trusted.algorithms],
      clockTolerance: clockToleranceSeconds,
      requiredClaims: ['exp', 'sub'],
    });
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw new InvalidToken('the token lacks a subject or known roles');
    return {
      principal: claims.data,
      expiresAtMs: (payload.exp ?? 0) * 1000,
      revocationKey: revocationKeyOf(token, payload, trusted),
    };
  } catch (error) {
    if (error instanceof InvalidToken || error instanceof KeysUnavailable) throw error;
    throw new InvalidToken(reasonOf(error));
  }
};

/**
 * One verifier for every trusted issuer: the token's (unverified) `iss` picks the issuer, whose
 * keys, algorithms, issuer and audience then verify it fully. An issuer not listed is refused.
 */
export const createTokenVerifier = (
  issuers: readonly TrustedIssuer[],
  options: { revocations?: Revocations; now?: () => number } = {},
): TokenVerifier & TokenRevoker => {
  const byIssuer = new Map(issuers.map((trusted) => [trusted.issuer, trusted]));
  return rememberVerified((token) => {
    const iss = unverifiedIssuerOf(token);
    const trusted = byIssuer.get(iss);
    if (trusted === undefined)
      throw new InvalidToken(`the issuer ${JSON.stringify(iss.slice(0, 100))} is not trusted here`);
    return verifiedBy(token, trusted);
  }, options);
};
