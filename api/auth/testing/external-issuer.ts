// Test support: an external identity provider, as far as the product sees one: a JWKS served
// over HTTP on 127.0.0.1 and tokens signed with its private key.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';

export interface ExternalIssuer {
  readonly issuer: string;
  /** The JWKS URL, for JWT_JWKS_URL. */
  readonly url: string;
  /** How many times its JWKS was fetched. */
  fetches(): number;
  sign(
    claims: { sub: string; roles: readonly string[]; jti?: string },
    options?: { kid?: string; audience?: string; issuer?: string; expiresIn?: string | number },
  ): Promise<string>;
  close(): Promise<void>;
}

export const startExternalIssuer = async ({
  issuer = 'https://login.example.test/',
  audience = 'order-ledger',
  kid = 'external-key-1',
} = {}): Promise<ExternalIssuer> => {
  const { privateKey, publicKey }: { privateKey: CryptoKey; publicKey: CryptoKey } =
    await generateKeyPair('ES256');
  const jwks = JSON.stringify({
    keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }],
  });
  let fetches = 0;
  const server = createServer((_req, res) => {
    fetches += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    issuer,
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    fetches: () => fetches,
    sign: (claims, options = {}) => {
      const jwt = new SignJWT({ roles: [...claims.roles] })
        .setProtectedHeader({ alg: 'ES256', kid: options.kid ?? kid, typ: 'JWT' })
        .setSubject(claims.sub)
        .setIssuer(options.issuer ?? issuer)
        .setAudience(options.audience ?? audience)
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '1h');
      return (claims.jti === undefined ? jwt : jwt.setJti(claims.jti)).sign(privateKey);
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
};
