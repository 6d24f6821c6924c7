import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Sealed } from '../../domain/customer/sealed.ts';

export type { Sealed } from '../../domain/customer/sealed.ts';

/** A 256-bit key and the id envelopes name it by. */
export interface DataKey {
  readonly kid: string;
  readonly key: Buffer;
}

/** The envelope does not open: tampered with, moved to another customer, or the wrong key. */
export class SealBroken extends Error {
  constructor(reason: string) {
    super(`sealed data does not open: ${reason}`);
    this.name = 'SealBroken';
  }
}

const algorithm = 'aes-256-gcm';

/**
 * AES-256-GCM with a fresh 96-bit IV per envelope. `context` (e.g. the customer id) is
 * authenticated, not stored: an envelope copied into another customer's event does not open there.
 */
export const seal = (dataKey: DataKey, plaintext: string, context: string): Sealed => {
  const iv = randomBytes(12);
  const cipher = createCipheriv(algorithm, dataKey.key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    v: 1,
    kid: dataKey.kid,
    iv: iv.toString('base64url'),
    tag: cipher.getAuthTag().toString('base64url'),
    ct: ct.toString('base64url'),
  };
};

export const open = (dataKey: DataKey, sealed: Sealed, context: string): string => {
  if (sealed.kid !== dataKey.kid) throw new SealBroken(`sealed under key ${sealed.kid}`);
  const decipher = createDecipheriv(algorithm, dataKey.key, Buffer.from(sealed.iv, 'base64url'));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64url'));
  try {
    return Buffer.concat([
      decipher.update(Buffer.from(sealed.ct, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    // GCM's tag check failed; the reason is deliberately no more precise than that.
    throw new SealBroken('authentication failed');
  }
};
