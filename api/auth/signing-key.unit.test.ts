import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateSigningKey } from './data-dir-keys.ts';
import { parseVerifyPublicKeys } from './public-keys.ts';
import { signingKeyFromPem, signingKeyFromSecret } from './signing-key.ts';

const pemOf = (type: 'ed25519' | 'rsa' | 'ec', options: object = {}) =>
  generateKeyPairSync(type as 'ed25519', options)
    .privateKey.export({ format: 'pem', type: 'pkcs8' })
    .toString();

describe('the signing key', () => {
  it('given one secret, then every process derives the same key; another secret, another key', async () => {
    const [one, again, other] = await Promise.all([
      signingKeyFromSecret('shared-secret-of-at-least-32-characters!'),
      signingKeyFromSecret('shared-secret-of-at-least-32-characters!'),
      signingKeyFromSecret('another-secret-of-at-least-32-characters'),
    ]);
    expect(again.kid).toBe(one.kid);
    expect(again.publicJwk).toEqual(one.publicJwk);
    expect(other.kid).not.toBe(one.kid);
    expect(one.publicJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(one.publicJwk).not.toHaveProperty('d');
  });

  it('takes an Ed25519 or a P-256 PEM, and refuses RSA and public keys', async () => {
    expect((await signingKeyFromPem(pemOf('ed25519'))).alg).toBe('EdDSA');
    const p256 = await signingKeyFromPem(pemOf('ec', { namedCurve: 'P-256' }));
    expect(p256.alg).toBe('ES256');
    expect(p256.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256' });
    expect(p256.publicJwk).not.toHaveProperty('d');
    await expect(signingKeyFromPem(pemOf('rsa', { modulusLength: 2048 }))).rejects.toThrow(
      'Ed25519 or a P-256 private key',
    );
    const publicPem = generateKeyPairSync('ed25519')
      .publicKey.export({ format: 'pem', type: 'spki' })
      .toString();
    await expect(signingKeyFromPem(publicPem)).rejects.toThrow();
  });

  it('given embedded mode, then the key is made once in DATA_DIR (0600) and the same after a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'signing-key-'));
    const [first, racing] = await Promise.all([
      loadOrCreateSigningKey(dataDir),
      loadOrCreateSigningKey(dataDir),
    ]);
    expect(racing.kid).toBe(first.kid);
    const file = join(dataDir, 'jwt-signing-key.pem');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect((await loadOrCreateSigningKey(dataDir)).kid).toBe(first.kid);
  });
});

describe('JWT_VERIFY_PUBLIC_KEYS', () => {
  it('takes a JWK Set of public keys, with the kid the key signs with (its thumbprint) and alg and use', async () => {
    const key = await signingKeyFromSecret('x'.repeat(32));
    const { kty, crv, x } = key.publicJwk;
    const given = JSON.stringify({ keys: [{ kty, crv, x, kid: 'a-name-of-my-own' }] });
    expect(await parseVerifyPublicKeys(given)).toEqual([key.publicJwk]);
  });

  it('refuses a private key, a key that does not import, and what is not JSON', async () => {
    const { publicJwk } = await signingKeyFromSecret('x'.repeat(32));
    const set = (key: object) => JSON.stringify({ keys: [key] });
    await expect(parseVerifyPublicKeys(set({ ...publicJwk, d: 'secret' }))).rejects.toThrow(
      'give public keys only',
    );
    await expect(parseVerifyPublicKeys(set({ ...publicJwk, crv: 'P-256' }))).rejects.toThrow(
      'an OKP key is Ed25519',
    );
    await expect(parseVerifyPublicKeys(set({ ...publicJwk, x: 'AAAA' }))).rejects.toThrow();
    await expect(parseVerifyPublicKeys('-----BEGIN PUBLIC KEY-----')).rejects.toThrow('not JSON');
  });
});
