import type { Customer } from '../../domain/customer/index.ts';
import { erased, type Opener } from '../../infra/pii/vault.ts';
import { addressSchema, type AddressView, type Profile } from './schemas.ts';

/** What the customer (or an admin) sees: personal data opened, or `{ erased: true }`. */
export const profileOf = (customer: Customer, opener: Opener): Profile | undefined => {
  if (customer.status === 'none') return undefined;
  if (customer.status === 'erased' || opener.erased) {
    return {
      customerId: customer.customerId,
      status: 'erased',
      email: erased,
      name: erased,
      phone: erased,
      addresses: [],
      roles: [],
    };
  }
  return {
    customerId: customer.customerId,
    status: 'active',
    email: opener.open(customer.email),
    name: opener.open(customer.name),
    phone: customer.phone === null ? null : opener.open(customer.phone),
    addresses: addressesOf(customer, opener),
    roles: ['customer', ...customer.staffRoles],
  };
};

const addressesOf = (customer: Customer, opener: Opener): AddressView[] => {
  if (customer.status !== 'active') return [];
  return customer.addresses.flatMap(({ addressId, address }) => {
    const text = opener.open(address);
    // Sealed by this code from a checked body; read back through the same schema all the same.
    if (typeof text !== 'string') return [];
    const parsed = addressSchema.parse(JSON.parse(text));
    return [{ ...parsed, addressId, isDefault: customer.defaultAddressId === addressId }];
  });
};
