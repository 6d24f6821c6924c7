import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { SigningKey } from './signing-key.ts';
import type { Audience, TokenIssuer } from './tokens.ts';

/** The product's own tokens: signed with its private key, `kid` naming the public half. */
export const createTokenIssuer = (key: SigningKey, audience: Audience): TokenIssuer => ({
  issue: (principal, ttlSeconds = 8 * 3600) =>
    new SignJWT({ roles: [...principal.roles] })
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
      // Names this token alone, so signing out revokes it and nothing else.
      .setJti(randomUUID())
      .setSubject(principal.sub)
      .setIssuer(audience.issuer)
      .setAudience(audience.audience)
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(key.privateKey),
});
