import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRemoteJWKSet, jwtVerify, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExternalIssuer, type ExternalIssuer } from './auth/testing/external-issuer.ts';
import { signToken, startTestApi, testSecret, type TestApi } from './testing/test-api.ts';

// The product's own tokens, signed with the key of its configuration and published as a JWKS,
// and an external issuer's tokens, accepted by the same running app.
let api: TestApi;
let external: ExternalIssuer;
let dataDir: string;
const run = randomUUID().slice(0, 8);
const signingKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ format: 'pem', type: 'pkcs8' })
  .toString();

const json = async <T>(response: Response): Promise<T> => (await response.json()) as T;
const me = (token: string) => api.request('/api/auth/me', { token });
const account = { email: `jwks.${run}@example.com`, password: `a long passphrase ${run}` };
const signedIn = async () => {
  const response = await api.request('/api/customers/sign-in', { method: 'POST', json: account });
  expect(response.status).toBe(200);
  return json<{ token: string; customerId: string }>(response);
};

beforeAll(async () => {
  external = await startExternalIssuer({ issuer: 'https://login.example.test/' });
  dataDir = await mkdtemp(join(tmpdir(), 'jwks-'));
  api = await startTestApi({
    DATA_DIR: dataDir,
    PASSWORD_HASH_COST: '14',
    // On one line with \n, as an env file carries it.
    JWT_SIGNING_KEY: signingKey.trim().replaceAll('\n', '\\n'),
    JWT_JWKS_URL: external.url,
    JWT_EXTERNAL_ISSUER: external.issuer,
  });
  const registered = await api.request('/api/customers', {
    method: 'POST',
    json: { ...account, name: `Jay Wks-${run}` },
  });
  expect(registered.status).toBe(201);
});
afterAll(async () => {
  await api.stop();
  await external.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the product’s own tokens', () => {
  it('publishes its public key as a cacheable JWK Set, and lists the route in its OpenAPI document', async () => {
    const response = await api.request('/.well-known/jwks.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    const { keys } = await json<{ keys: Record<string, unknown>[] }>(response);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(keys[0]).toHaveProperty('kid');
    expect(keys[0]).not.toHaveProperty('d');
    const openApi = await json<{ paths: Record<string, unknown> }>(
      await api.request('/api/openapi.json'),
    );
    expect(openApi.paths).toHaveProperty(['/.well-known/jwks.json', 'get']);
  });

  it('given a customer signed in with a password, then another service verifies the token with the published JWKS alone', async () => {
    const { token, customerId } = await signedIn();
    const jwks = createRemoteJWKSet(new URL(`${api.url}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(token, jwks, {
      issuer: 'order-ledger',
      audience: 'order-ledger',
    });
    expect(payload).toMatchObject({ sub: customerId, roles: ['customer'] });
    expect(protectedHeader.alg).toBe('ES256');
  });

  it('refuses a token signed with JWT_SECRET (HS256), or with the key JWT_SECRET derives when a signing key is set', async () => {
    const hmac = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .setIssuer('order-ledger')
      .setAudience('order-ledger')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(testSecret));
    const refusedHmac = await me(hmac);
    expect(refusedHmac.status).toBe(401);
    expect(await json<{ detail: string }>(refusedHmac)).toMatchObject({
      detail: 'the signing algorithm is not allowed',
    });
    const derived = await me(await signToken({ sub: 'mallory', roles: ['admin'] }));
    expect(derived.status).toBe(401);
  });
});

describe('an external issuer alongside', () => {
  it('given JWT_JWKS_URL, then the same app accepts an external token and its own', async () => {
    const theirs = await me(await external.sign({ sub: 'ext-user', roles: ['operator'] }));
    expect(theirs.status).toBe(200);
    expect(await theirs.json()).toEqual({ sub: 'ext-user', roles: ['operator'] });
    const { token, customerId } = await signedIn();
    const ours = await me(token);
    expect(ours.status).toBe(200);
    expect(await ours.json()).toEqual({ sub: customerId, roles: ['customer'] });
  });

  it('refuses an issuer it does not trust, saying so', async () => {
    const response = await me(
      await external.sign({ sub: 'x', roles: ['admin'] }, { issuer: 'https://evil.example/' }),
    );
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await json<{ detail: string }>(response)).toMatchObject({
      detail: 'the issuer "https://evil.example/" is not trusted here',
    });
  });

  it('signs an external token out, as it does its own', async () => {
    const token = await external.sign({ sub: 'ext-leaver', roles: ['customer'] });
    expect((await me(token)).status).toBe(200);
    const out = await api.request('/api/auth/sign-out', { method: 'POST', token });
    expect(out.status).toBe(204);
    const after = await me(token);
    expect(after.status).toBe(401);
    expect(await json<{ detail: string }>(after)).toMatchObject({
      detail: 'the token was revoked',
    });
  });
});
