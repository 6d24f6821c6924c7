import { createPrivateKey, createPublicKey, hkdfSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK } from 'jose';
import type { PublicJwk } from './public-keys.ts';

/** The asymmetric algorithms the product signs its own tokens with: never a shared secret. */
export type SigningAlgorithm = 'EdDSA' | 'ES256';

/** The product's token signing key: the private half signs, the public half is published. */
export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly alg: SigningAlgorithm;
  /** The RFC 7638 thumbprint of the public key: the same key gets the same kid in every process. */
  readonly kid: string;
  readonly publicJwk: PublicJwk;
}

const algorithmOf = (key: KeyObject): SigningAlgorithm | undefined => {
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1')
    return 'ES256';
  return undefined;
};

/** Throws when the key is not an Ed25519 or P-256 private key. */
export const signingKeyOf = async (privateKey: KeyObject): Promise<SigningKey> => {
  const alg = privateKey.type === 'private' ? algorithmOf(privateKey) : undefined;
  if (alg === undefined) throw new Error('the key must be an Ed25519 or a P-256 private key');
  const { kty, crv, x, y } = await exportJWK(createPublicKey(privateKey));
  if (kty === undefined || crv === undefined || x === undefined)
    throw new Error('the public key does not export as a JWK');
  const kid = await calculateJwkThumbprint({ kty, crv, x, ...(y === undefined ? {} : { y }) });
  return {
    privateKey,
    alg,
    kid,
    publicJwk: { kty, crv, x, ...(y === undefined ? {} : { y }), kid, alg, use: 'sig' },
  };
};

/** A PKCS#8 (or SEC1) PEM private key, as JWT_SIGNING_KEY holds it. */
export const signingKeyFromPem = async (pem: string): Promise<SigningKey> =>
  signingKeyOf(createPrivateKey({ key: pem, format: 'pem' }));

// An Ed25519 private key in PKCS#8 DER is this fixed prefix and the 32-byte seed (RFC 8410).
const ed25519Pkcs8Prefix = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * An Ed25519 key derived (HKDF-SHA256) from JWT_SECRET, so the processes of a deployment that
 * share the secret share the key without another variable. One-way: the published public key
 * says nothing about the secret, which also derives cursor and PII keys under other labels.
 */
export const signingKeyFromSecret = async (secret: string): Promise<SigningKey> => {
  const seed = Buffer.from(
    hkdfSync('sha256', secret, 'order-ledger/jwt', 'signing-key/ed25519', 32),
  );
  const der = Buffer.concat([ed25519Pkcs8Prefix, seed]);
  return signingKeyOf(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
};
