import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { externalIssuer } from './issuers.ts';
import { ownTokens } from './own-tokens.ts';
import { signingKeyFromSecret, type SigningKey } from './signing-key.ts';
import { startExternalIssuer, type ExternalIssuer } from './testing/external-issuer.ts';
import { KeysUnavailable } from './tokens.ts';
import { createTokenVerifier } from './verify.ts';

const own = { issuer: 'order-ledger', audience: 'order-ledger' };
const alice = { sub: 'alice', roles: ['customer'] } as const;
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

let external: ExternalIssuer;
let key: SigningKey;
let previousKey: SigningKey;
beforeAll(async () => {
  external = await startExternalIssuer();
  key = await signingKeyFromSecret('the-current-secret-of-at-least-32-characters');
  previousKey = await signingKeyFromSecret('the-previous-secret-of-at-least-32-characters');
});
afterAll(() => external.close());

const trustingBoth = () =>
  ownTokens(key, own, {
    others: [externalIssuer(external.url, { issuer: external.issuer, audience: own.audience })],
  });

describe('one verifier for the product’s own tokens and an external issuer’s', () => {
  it('given a token the product issued, then it verifies, and its header names the asymmetric alg and the key', async () => {
    const tokens = ownTokens(key, own);
    const token = await tokens.issue(alice);
    expect(JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString())).toEqual({
      alg: 'EdDSA',
      kid: key.kid,
      typ: 'JWT',
    });
    expect(await tokens.verify(token)).toEqual(alice);
  });

  it('given a token of the external issuer, whose JWKS is served over HTTP, then it verifies', async () => {
    const verifier = createTokenVerifier([
      externalIssuer(external.url, { issuer: external.issuer, audience: own.audience }),
    ]);
    expect(await verifier.verify(await external.sign(alice))).toEqual(alice);
  });

  it('given both issuers trusted, then each one’s token verifies with its own keys', async () => {
    const tokens = trustingBoth();
    const bob = { sub: 'bob', roles: ['operator'] } as const;
    expect(await tokens.verify(await tokens.issue(bob))).toEqual(bob);
    expect(await tokens.verify(await external.sign(alice))).toEqual(alice);
  });

  it('refuses an issuer it does not know, saying so', async () => {
    const stranger = await external.sign(alice, { issuer: 'https://evil.example/' });
    await expect(trustingBoth().verify(stranger)).rejects.toThrow(
      'the issuer "https://evil.example/" is not trusted here',
    );
  });

  it('refuses a token signed by one issuer that claims to be from the other', async () => {
    const tokens = trustingBoth();
    const claimingOurs = await external.sign(alice, { issuer: own.issuer });
    // ES256 is none of the product's algorithms: refused before any key is looked up.
    await expect(tokens.verify(claimingOurs)).rejects.toThrow(
      'the signing algorithm is not allowed',
    );
    const ourKeyTheirName = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: key.alg, kid: key.kid })
      .setSubject('mallory')
      .setIssuer(external.issuer)
      .setAudience(own.audience)
      .setExpirationTime('1h')
      .sign(key.privateKey);
    await expect(tokens.verify(ourKeyTheirName)).rejects.toThrow(
      'no key of its issuer has its kid',
    );
  });

  it('refuses a kid neither issuer publishes, after asking the external issuer again', async () => {
    const tokens = trustingBoth();
    const unknownOwn = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: key.alg, kid: 'not-ours' })
      .setSubject('mallory')
      .setIssuer(own.issuer)
      .setAudience(own.audience)
      .setExpirationTime('1h')
      .sign(key.privateKey);
    await expect(tokens.verify(unknownOwn)).rejects.toThrow('no key of its issuer has its kid');
    const fetchesBefore = external.fetches();
    await expect(
      tokens.verify(await external.sign(alice, { kid: 'rotated-away' })),
    ).rejects.toThrow('no key of its issuer has its kid');
    expect(external.fetches()).toBeGreaterThan(fetchesBefore);
  });

  it('refuses expired tokens of either issuer', async () => {
    const tokens = trustingBoth();
    const longAgo = Math.floor(Date.now() / 1000) - 60;
    await expect(tokens.verify(await tokens.issue(alice, -60))).rejects.toThrow(
      'the token has expired',
    );
    await expect(tokens.verify(await external.sign(alice, { expiresIn: longAgo }))).rejects.toThrow(
      'the token has expired',
    );
  });

  it('refuses HS256 and alg none claiming the product as issuer (algorithm confusion)', async () => {
    const tokens = trustingBoth();
    // The classic attack: the published public key used as an HMAC secret.
    const hmac = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256', kid: key.kid })
      .setSubject('mallory')
      .setIssuer(own.issuer)
      .setAudience(own.audience)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(JSON.stringify(key.publicJwk)));
    await expect(tokens.verify(hmac)).rejects.toThrow('the signing algorithm is not allowed');
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'mallory', roles: ['admin'], iss: own.issuer, aud: own.audience, exp: inAnHour() })}.`;
    await expect(tokens.verify(none)).rejects.toThrow('the signing algorithm is not allowed');
  });

  it('given the previous key announced after a rotation, then its tokens still verify, and not without it', async () => {
    const before = await ownTokens(previousKey, own).issue(alice);
    await expect(ownTokens(key, own).verify(before)).rejects.toThrow(
      'no key of its issuer has its kid',
    );
    const rotated = ownTokens(key, own, { otherKeys: [previousKey.publicJwk] });
    expect(await rotated.verify(before)).toEqual(alice);
    expect(rotated.publicKeys.keys.map((k) => k.kid)).toEqual([key.kid, previousKey.kid]);
    const announcedTwice = ownTokens(key, own, { otherKeys: [key.publicJwk] });
    expect(announcedTwice.publicKeys.keys).toHaveLength(1);
    expect(await announcedTwice.verify(await announcedTwice.issue(alice))).toEqual(alice);
  });

  it('revokes a token of either issuer, and an external jti never revokes an own token', async () => {
    const tokens = trustingBoth();
    const ours = await tokens.issue(alice);
    const [, payload] = ours.split('.');
    const { jti } = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as {
      jti: string;
    };
    const theirs = await external.sign({ ...alice, jti });
    const another = await external.sign({ ...alice, jti: randomUUID() });
    await tokens.revoke(theirs);
    await expect(tokens.verify(theirs)).rejects.toThrow('the token was revoked');
    expect(await tokens.verify(ours)).toEqual(alice);
    expect(await tokens.verify(another)).toEqual(alice);
    await tokens.revoke(ours);
    await expect(tokens.verify(ours)).rejects.toThrow('the token was revoked');
  });

  it('says the keys are unavailable, not that the token is bad, when the external JWKS does not answer', async () => {
    const gone = await startExternalIssuer({ issuer: 'https://gone.example/' });
    const verifier = createTokenVerifier([
      externalIssuer(gone.url, { issuer: gone.issuer, audience: own.audience }),
    ]);
    const token = await gone.sign(alice);
    await gone.close();
    await expect(verifier.verify(token)).rejects.toThrow(KeysUnavailable);
  });
});
