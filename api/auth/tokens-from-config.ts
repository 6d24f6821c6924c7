import { readFile } from 'node:fs/promises';
import { ConfigError, type Config } from '../../infra/config.ts';
import { loadOrCreateSigningKey } from './data-dir-keys.ts';
import { externalIssuer, ownIssuer } from './issuers.ts';
import { ownTokens, type Tokens } from './own-tokens.ts';
import { parseVerifyPublicKeys, type PublicJwk } from './public-keys.ts';
import type { Revocations } from './revocations.ts';
import { signingKeyFromPem, signingKeyFromSecret, type SigningKey } from './signing-key.ts';
import { createTokenVerifier } from './verify.ts';

const failure = (error: unknown) => (error instanceof Error ? error.message : String(error));

// Env files often carry a PEM on one line with literal \n: both spellings are taken.
const pemOf = (text: string) => text.replaceAll('\\n', '\n');

/** Where the product's signing key comes from, first match wins; undefined: no own tokens here. */
const signingKeyFor = async (config: Config): Promise<SigningKey | undefined> => {
  const pem =
    config.JWT_SIGNING_KEY ??
    (config.JWT_SIGNING_KEY_FILE === undefined
      ? undefined
      : await readFile(config.JWT_SIGNING_KEY_FILE, 'utf8').catch((error: unknown) => {
          throw new ConfigError([`JWT_SIGNING_KEY_FILE: cannot be read (${failure(error)})`]);
        }));
  if (pem !== undefined) {
    const variable =
      config.JWT_SIGNING_KEY === undefined ? 'JWT_SIGNING_KEY_FILE' : 'JWT_SIGNING_KEY';
    return signingKeyFromPem(pemOf(pem)).catch((error: unknown) => {
      throw new ConfigError([`${variable}: not a usable private key (${failure(error)})`]);
    });
  }
  if (config.JWT_SECRET !== undefined) return signingKeyFromSecret(config.JWT_SECRET);
  return config.embedded ? loadOrCreateSigningKey(config.DATA_DIR) : undefined;
};

const otherKeysFor = async (config: Config): Promise<PublicJwk[]> =>
  config.JWT_VERIFY_PUBLIC_KEYS === undefined
    ? []
    : parseVerifyPublicKeys(config.JWT_VERIFY_PUBLIC_KEYS).catch((error: unknown) => {
        throw new ConfigError([`JWT_VERIFY_PUBLIC_KEYS: ${failure(error)}`]);
      });

/**
 * The tokens a process takes and makes, from the configuration: its own (issued and published
 * when it has a signing key) and, with JWT_JWKS_URL, an external issuer's, in one verifier.
 */
export const tokensFor = async (config: Config, revocations: Revocations): Promise<Tokens> => {
  const own = { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE };
  const others =
    config.JWT_JWKS_URL === undefined || config.JWT_EXTERNAL_ISSUER === undefined
      ? []
      : [
          externalIssuer(config.JWT_JWKS_URL, {
            issuer: config.JWT_EXTERNAL_ISSUER,
            audience: config.JWT_EXTERNAL_AUDIENCE ?? config.JWT_AUDIENCE,
          }),
        ];
  const [key, otherKeys] = await Promise.all([signingKeyFor(config), otherKeysFor(config)]);
  if (key !== undefined) return ownTokens(key, own, { otherKeys, others, revocations });
  // No key of its own: it verifies what others sign (the announced public keys, the external issuer).
  const issuers = otherKeys.length > 0 ? [ownIssuer(otherKeys, own), ...others] : others;
  return createTokenVerifier(issuers, { revocations });
};
