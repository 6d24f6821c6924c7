import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sealedSchema } from '../../domain/customer/sealed.ts';
import { open, seal, SealBroken, type DataKey } from './envelope.ts';
import { derivePiiKeys, newDataKey, unwrapKey, wrapKey } from './key-store.ts';

const key: DataKey = { kid: 'k1', key: randomBytes(32) };
const flip = (base64url: string, at = 0): string => {
  const bytes = Buffer.from(base64url, 'base64url');
  bytes[at] = (bytes[at] ?? 0) ^ 1;
  return bytes.toString('base64url');
};

describe('a sealed envelope', () => {
  it('given a text, when sealed and opened with the same key and customer, then it is the text', () => {
    const text = 'Zoë Ångström, 12 rue de la Paix, 75002 Paris, +33 1 23 45 67 89';
    const sealed = seal(key, text, 'customer:c1');
    expect(sealedSchema.parse(sealed)).toEqual(sealed);
    expect(sealed.ct).not.toContain('Paris');
    expect(Buffer.from(sealed.ct, 'base64url').toString('utf8')).not.toContain('Paris');
    expect(open(key, sealed, 'customer:c1')).toBe(text);
  });

  it('uses a fresh IV each time, so equal texts do not look equal in the log', () => {
    const [a, b] = [seal(key, 'same', 'c'), seal(key, 'same', 'c')];
    expect(a.iv).not.toBe(b.iv);
    expect(a.ct).not.toBe(b.ct);
  });

  it('refuses an envelope whose ciphertext, tag or IV was changed', () => {
    const sealed = seal(key, 'alice@example.com', 'customer:c1');
    for (const tampered of [
      { ...sealed, ct: flip(sealed.ct) },
      { ...sealed, tag: flip(sealed.tag) },
      { ...sealed, iv: flip(sealed.iv) },
    ]) {
      expect(() => open(key, tampered, 'customer:c1')).toThrow(SealBroken);
    }
  });

  it("refuses another customer's context, another key, and another key id", () => {
    const sealed = seal(key, 'alice@example.com', 'customer:c1');
    expect(() => open(key, sealed, 'customer:c2')).toThrow(SealBroken);
    expect(() => open({ kid: 'k1', key: randomBytes(32) }, sealed, 'customer:c1')).toThrow(
      SealBroken,
    );
    expect(() => open({ ...key, kid: 'k2' }, sealed, 'customer:c1')).toThrow(SealBroken);
  });
});

describe('a data key at rest', () => {
  it('is wrapped under the key-encryption key, and opens only with it and for its customer', () => {
    const { kek } = derivePiiKeys('a-secret-of-at-least-thirty-two-characters');
    const dataKey = newDataKey();
    const record = wrapKey(kek, 'c1', dataKey);
    expect(JSON.stringify(record)).not.toContain(dataKey.key.toString('base64url'));
    expect(unwrapKey(kek, record)).toEqual(dataKey);
    const other = derivePiiKeys('another-secret-of-at-least-thirty-two-chars').kek;
    expect(() => unwrapKey(other, record)).toThrow(SealBroken);
    expect(() => unwrapKey(kek, { ...record, customerId: 'c2' })).toThrow(SealBroken);
    expect(unwrapKey(kek, { customerId: 'c1', erasedAt: '2026-01-01T00:00:00.000Z' })).toBe(
      'erased',
    );
  });

  it('derives different keys for wrapping and for e-mail hashes, the same each time', () => {
    const a = derivePiiKeys('a-secret-of-at-least-thirty-two-characters');
    const b = derivePiiKeys('a-secret-of-at-least-thirty-two-characters');
    expect(a.kek.key.equals(b.kek.key)).toBe(true);
    expect(a.kek.key.equals(a.emailHmac)).toBe(false);
  });
});
