import { createHmac } from 'node:crypto';
import { open, seal, type Sealed } from './envelope.ts';
import type { PiiKeyStore } from './key-store.ts';

/** What a reader gets for personal data whose key was destroyed. */
export type Erased = { readonly erased: true };
export const erased: Erased = Object.freeze({ erased: true });
export type Opened = string | Erased;

/** The customer's data key is missing though their events exist (the key store was lost). */
export class PiiKeyMissing extends Error {
  constructor(customerId: string) {
    super(`no data key for customer ${customerId}`);
    this.name = 'PiiKeyMissing';
  }
}

export interface Sealer {
  seal(plaintext: string): Sealed;
}
export interface Opener {
  /** The plaintext, or `{ erased: true }` once the customer was erased. */
  open(sealed: Sealed): Opened;
  readonly erased: boolean;
}

export interface PiiVault {
  /** Seals under the customer's key, making the key first if they have none. */
  sealerFor(customerId: string): Promise<Sealer>;
  openerFor(customerId: string): Promise<Opener>;
  /** Crypto-shredding: the customer's envelopes, every copy of them, stop opening. */
  shred(customerId: string): Promise<void>;
  /** The keyed hash that names an e-mail's claim stream: trimmed and lower-cased first. */
  emailKey(email: string): string;
}

/** Personal data in and out of events, each envelope bound to its customer. */
export const createPiiVault = (keys: PiiKeyStore, emailHmac: Buffer): PiiVault => {
  const context = (customerId: string) => `customer:${customerId}`;
  return {
    async sealerFor(customerId) {
      const key = await keys.create(customerId);
      return { seal: (plaintext) => seal(key, plaintext, context(customerId)) };
    },
    async openerFor(customerId) {
      const key = await keys.get(customerId);
      if (key === undefined) throw new PiiKeyMissing(customerId);
      if (key === 'erased') return { open: () => erased, erased: true };
      return { open: (sealed) => open(key, sealed, context(customerId)), erased: false };
    },
    shred: (customerId) => keys.destroy(customerId),
    emailKey: (email) =>
      createHmac('sha256', emailHmac)
        .update(email.trim().normalize('NFC').toLowerCase())
        .digest('hex'),
  };
};
