// Test support only: envelopes and events the customer specifications share.
import type { CustomerEvent } from './events.ts';
import type { Sealed } from './sealed.ts';

export const customerId = 'cust-1';
export const emailKey = 'a'.repeat(64);

/** A well-formed envelope; `n` makes each one distinct, as a fresh IV would. */
export const sealed = (n: number): Sealed => ({
  v: 1,
  kid: 'k1',
  iv: `iv${String(n).padStart(14, '0')}`,
  tag: `tag${String(n).padStart(19, '0')}`,
  ct: `ct${String(n)}`,
});

export const registered: CustomerEvent = {
  type: 'CustomerRegistered',
  data: { customerId, emailKey, email: sealed(1), name: sealed(2), passwordHash: sealed(3) },
};

export const addressAdded = (addressId: string, n: number, isDefault: boolean): CustomerEvent => ({
  type: 'CustomerAddressAdded',
  data: { customerId, addressId, address: sealed(n), isDefault },
});
