import { publicKeySetSchema, type PublicKeySet } from '../auth/public-keys.ts';
import { defineRoute, type Route } from '../http/route.ts';

/**
 * How long verifiers may keep the key set: well inside a rotation's overlap (a new key is
 * announced at least this long before tokens are signed with it), and short enough to pick up a
 * removed key within minutes.
 */
const maxAgeSeconds = 300;

/** The public keys of the product's own tokens, so other services can verify them (RFC 7517). */
export const wellKnownRoutes = (keys: PublicKeySet): Route[] => {
  // Parsed on the way out as on the way in: a private member (`d`) could never be published.
  const published = publicKeySetSchema.parse(keys);
  return [
    defineRoute({
      method: 'get',
      path: '/.well-known/jwks.json',
      summary: 'The public keys the product signs its tokens with (JWK Set)',
      tag: 'auth',
      access: 'public',
      responses: {
        200: {
          description: `the JWK Set: each key with kid, alg and use; cacheable for ${maxAgeSeconds} s`,
          schema: publicKeySetSchema,
        },
      },
      handle: ({ res }) => {
        res.set('cache-control', `public, max-age=${maxAgeSeconds}`);
        res.json(published);
      },
    }),
  ];
};
