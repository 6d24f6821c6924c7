import { hkdfSync, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { sealedSchema } from '../../domain/customer/sealed.ts';
import { open, seal, type DataKey, type Sealed } from './envelope.ts';

/**
 * Where each customer's data key lives. `destroy` is the erasure: afterwards `get` answers
 * 'erased' for ever, and everything sealed under the key is unreadable (crypto-shredding).
 * Implementations: a file per customer (embedded mode), a MongoDB collection (connected mode);
 * in production a KMS (AWS KMS, Google Cloud KMS, Vault transit) should hold the wrapping key.
 */
export interface PiiKeyStore {
  /** The customer's key, made now if there is none; throws KeyErased once it was destroyed. */
  create(customerId: string): Promise<DataKey>;
  get(customerId: string): Promise<DataKey | 'erased' | undefined>;
  /** Idempotent; also marks a customer that never had a key as erased. */
  destroy(customerId: string): Promise<void>;
  close(): Promise<void>;
}

export class KeyErased extends Error {
  constructor(customerId: string) {
    super(`the data key of customer ${customerId} was destroyed`);
    this.name = 'KeyErased';
  }
}

/** Customer ids name files and documents: nothing that could climb out of a directory. */
export const keyOwnerSchema = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'letters, digits, _ or -');

/** What a store keeps: the data key wrapped (sealed) under the key-encryption key, or a tombstone. */
export const keyRecordSchema = z.union([
  z.strictObject({ customerId: z.string(), kid: z.string(), wrapped: sealedSchema }),
  z.strictObject({ customerId: z.string(), erasedAt: z.string() }),
]);
export type KeyRecord = z.infer<typeof keyRecordSchema>;

/**
 * The two keys derived from the PII secret: one wraps data keys at rest (a copy of the key store
 * alone opens nothing), one makes e-mail hashes that cannot be computed without it.
 */
export const derivePiiKeys = (secret: string): { kek: DataKey; emailHmac: Buffer } => {
  const derive = (info: string) =>
    Buffer.from(hkdfSync('sha256', secret, 'order-ledger/pii', info, 32));
  return { kek: { kid: 'kek-1', key: derive('key-encryption') }, emailHmac: derive('email-hmac') };
};

export const newDataKey = (): DataKey => ({
  kid: randomBytes(9).toString('base64url'),
  key: randomBytes(32),
});

export const wrapKey = (kek: DataKey, customerId: string, dataKey: DataKey): KeyRecord => ({
  customerId,
  kid: dataKey.kid,
  wrapped: seal(kek, dataKey.key.toString('base64url'), `data-key:${customerId}`),
});

export const unwrapKey = (kek: DataKey, record: KeyRecord): DataKey | 'erased' => {
  if ('erasedAt' in record) return 'erased';
  const wrapped: Sealed = record.wrapped;
  const key = Buffer.from(open(kek, wrapped, `data-key:${record.customerId}`), 'base64url');
  return { kid: record.kid, key };
};
