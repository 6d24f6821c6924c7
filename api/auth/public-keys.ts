import { calculateJwkThumbprint, importJWK } from 'jose';
import { z } from 'zod';

/** A public signing key as a JWK Set publishes it: never `d`, always a kid and an alg. */
export const publicJwkSchema = z.strictObject({
  kty: z.string().min(1),
  crv: z.string().min(1),
  x: z.string().min(1),
  y: z.string().min(1).optional(),
  kid: z.string().min(1),
  alg: z.enum(['EdDSA', 'ES256']),
  use: z.literal('sig'),
});
export type PublicJwk = z.infer<typeof publicJwkSchema>;

export const publicKeySetSchema = z.object({ keys: z.array(publicJwkSchema) });
export type PublicKeySet = z.infer<typeof publicKeySetSchema>;

// What an operator may paste: a key as another JWKS published it, `alg` and `use` optional.
const givenKeySchema = z
  .looseObject({
    kty: z.enum(['OKP', 'EC']),
    crv: z.enum(['Ed25519', 'P-256']),
    x: z.string().min(1),
    y: z.string().min(1).optional(),
  })
  .refine((key) => !('d' in key), 'a private key (d): give public keys only')
  .refine(
    (key) =>
      key.kty === 'OKP'
        ? key.crv === 'Ed25519' && key.y === undefined
        : key.crv === 'P-256' && key.y !== undefined,
    'an OKP key is Ed25519 (x), an EC key P-256 (x and y)',
  );

const givenSetSchema = z.object({ keys: z.array(givenKeySchema).min(1) });

/**
 * JWT_VERIFY_PUBLIC_KEYS: a JWK Set (JSON) of more public keys own tokens may be signed with,
 * such as the previous key after a rotation, each with its thumbprint for kid, as the product
 * gives its own. Throws, saying why, when it is not one.
 */
export const parseVerifyPublicKeys = async (json: string): Promise<PublicJwk[]> => {
  let document: unknown;
  try {
    document = JSON.parse(json);
  } catch {
    throw new Error('not JSON: give a JWK Set, {"keys":[…]}');
  }
  const parsed = givenSetSchema.safeParse(document);
  if (!parsed.success)
    throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return Promise.all(
    parsed.data.keys.map(async ({ kty, crv, x, y }) => {
      const alg = crv === 'Ed25519' ? 'EdDSA' : 'ES256';
      const members = { kty, crv, x, ...(y === undefined ? {} : { y }) };
      // A key that does not import would otherwise fail only when a token names it.
      await importJWK(members, alg);
      // The kid the product signs with is the thumbprint: whatever the set says, that is its kid.
      const kid = await calculateJwkThumbprint(members);
      return { ...members, kid, alg, use: 'sig' } as const;
    }),
  );
};
