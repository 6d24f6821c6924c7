import { createLocalJWKSet, createRemoteJWKSet, errors, type JWTVerifyGetKey } from 'jose';
import type { PublicJwk } from './public-keys.ts';
import { KeysUnavailable, type Audience } from './tokens.ts';
import type { TrustedIssuer } from './verify.ts';

/**
 * The product itself: tokens verify with its own public keys (the current one and any announced
 * for a rotation), with their asymmetric algorithms only, so an HS256 token cannot pass.
 */
export const ownIssuer = (keys: readonly PublicJwk[], audience: Audience): TrustedIssuer => ({
  kind: 'own',
  ...audience,
  keys: createLocalJWKSet({ keys: [...keys] }),
  algorithms: [...new Set(keys.map((key) => key.alg))],
});

const externalAlgorithms = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];

/** An external issuer, verified against the keys it publishes at `url` (fetched, cached, refreshed). */
export const externalIssuer = (url: string, audience: Audience): TrustedIssuer => {
  const remote = createRemoteJWKSet(new URL(url));
  const keys: JWTVerifyGetKey = async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      // A kid the issuer does not publish is the token's fault; an issuer that does not answer is not.
      if (
        error instanceof errors.JWKSNoMatchingKey ||
        error instanceof errors.JWKSMultipleMatchingKeys
      )
        throw error;
      throw new KeysUnavailable(`the keys of ${audience.issuer} could not be fetched`, {
        cause: error,
      });
    }
  };
  return { kind: 'external', ...audience, keys, algorithms: externalAlgorithms };
};
