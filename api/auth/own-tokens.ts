import { createTokenIssuer } from './issue.ts';
import { ownIssuer } from './issuers.ts';
import type { PublicJwk, PublicKeySet } from './public-keys.ts';
import type { Revocations } from './revocations.ts';
import type { SigningKey } from './signing-key.ts';
import type { Audience, TokenIssuer, TokenRevoker, TokenVerifier } from './tokens.ts';
import { createTokenVerifier, type TrustedIssuer } from './verify.ts';

/** What a process does with tokens: verify and revoke them, and (with a key) issue and publish. */
export type Tokens = TokenVerifier &
  TokenRevoker &
  Partial<TokenIssuer> & {
    /** The public keys of the product's own tokens, for GET /.well-known/jwks.json. */
    readonly publicKeys?: PublicKeySet;
  };

/**
 * The product's own tokens, issued with `key` and verified with it and `otherKeys` (announced for
 * a rotation), plus any other trusted issuers' tokens through the same verifier.
 */
export const ownTokens = (
  key: SigningKey,
  audience: Audience,
  options: {
    otherKeys?: readonly PublicJwk[];
    others?: readonly TrustedIssuer[];
    revocations?: Revocations;
  } = {},
): Tokens & TokenIssuer & { readonly publicKeys: PublicKeySet } => {
  // The signing key may also be among the announced ones (step 2 of a rotation, left in place).
  const others = (options.otherKeys ?? []).filter((other) => other.kid !== key.kid);
  const publicKeys = { keys: [key.publicJwk, ...others] };
  const verifier = createTokenVerifier(
    [ownIssuer(publicKeys.keys, audience), ...(options.others ?? [])],
    options.revocations === undefined ? {} : { revocations: options.revocations },
  );
  return { ...verifier, ...createTokenIssuer(key, audience), publicKeys };
};
