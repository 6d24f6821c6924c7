import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../infra/config.ts';
import { ownTokens } from './own-tokens.ts';
import { createMemoryRevocations } from './revocations.ts';
import { signingKeyFromSecret } from './signing-key.ts';
import { tokensFor } from './tokens-from-config.ts';

const connected = { EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false' };
const secret = 'a-deployment-secret-of-32-characters-or-more';
const pemOf = (type: 'p256' | 'rsa') =>
  (type === 'rsa'
    ? generateKeyPairSync('rsa', { modulusLength: 2048 })
    : generateKeyPairSync('ec', { namedCurve: 'P-256' })
  ).privateKey
    .export({ format: 'pem', type: 'pkcs8' })
    .toString();
const tokensOf = (env: Record<string, string>) =>
  tokensFor(loadConfig({ ...connected, ...env }), createMemoryRevocations());

describe('the tokens of a configuration', () => {
  it('given JWT_SECRET alone, then it signs with the key derived from it, and publishes that key', async () => {
    const tokens = await tokensOf({ JWT_SECRET: secret });
    const expected = await signingKeyFromSecret(secret);
    expect(tokens.publicKeys).toEqual({ keys: [expected.publicJwk] });
    const token = await tokens.issue?.({ sub: 'alice', roles: ['customer'] });
    expect(await tokens.verify(token ?? '')).toEqual({ sub: 'alice', roles: ['customer'] });
  });

  it('given a P-256 key in a file, then it wins over JWT_SECRET and signs ES256', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'signing-key-file-')), 'key.pem');
    await writeFile(file, pemOf('p256'));
    const tokens = await tokensOf({ JWT_SECRET: secret, JWT_SIGNING_KEY_FILE: file });
    expect(tokens.publicKeys?.keys.map((key) => key.alg)).toEqual(['ES256']);
  });

  it('given only an external issuer, then it verifies but neither issues nor publishes', async () => {
    const tokens = await tokensOf({
      JWT_JWKS_URL: 'http://127.0.0.1:9/jwks.json',
      JWT_EXTERNAL_ISSUER: 'https://login.example/',
    });
    expect(tokens.issue).toBeUndefined();
    expect(tokens.publicKeys).toBeUndefined();
  });

  it('given public keys but no signing key, then it verifies the product’s tokens signed elsewhere', async () => {
    const key = await signingKeyFromSecret(secret);
    const tokens = await tokensOf({
      JWT_JWKS_URL: 'http://127.0.0.1:9/jwks.json',
      JWT_EXTERNAL_ISSUER: 'https://login.example/',
      JWT_VERIFY_PUBLIC_KEYS: JSON.stringify({ keys: [key.publicJwk] }),
    });
    const elsewhere = ownTokens(key, { issuer: 'order-ledger', audience: 'order-ledger' });
    const token = await elsewhere.issue({ sub: 'bob', roles: ['operator'] });
    expect(await tokens.verify(token)).toEqual({ sub: 'bob', roles: ['operator'] });
    expect(tokens.issue).toBeUndefined();
  });

  it('stops the start with a ConfigError naming the variable when a key is unusable', async () => {
    const refusal = (env: Record<string, string>) => tokensOf(env).catch((error: unknown) => error);
    const rsa = await refusal({ JWT_SIGNING_KEY: pemOf('rsa') });
    expect(rsa).toBeInstanceOf(ConfigError);
    expect(rsa).toHaveProperty(['problems', 0], expect.stringMatching(/^JWT_SIGNING_KEY: /));
    expect(await refusal({ JWT_SIGNING_KEY_FILE: '/nonexistent/key.pem' })).toHaveProperty(
      ['problems', 0],
      expect.stringMatching(/^JWT_SIGNING_KEY_FILE: cannot be read/),
    );
    expect(
      await refusal({ JWT_SECRET: secret, JWT_VERIFY_PUBLIC_KEYS: '{"keys":[{"kty":"RSA"}]}' }),
    ).toHaveProperty(['problems', 0], expect.stringMatching(/^JWT_VERIFY_PUBLIC_KEYS: /));
  });
});
