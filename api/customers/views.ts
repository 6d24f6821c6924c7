import type { Customer } from '../../domain/customer/index.ts';
import { erased, type Opener } from '../../infra/pii/vault.ts';
import { HttpProblem } from '../http/problem.ts';
import type { CustomerAccounts } from './accounts.ts';
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

/** The profile as the store has it now, or a 404 problem. */
export const loadProfile = async (accounts: CustomerAccounts, customerId: string) => {
  const customer = await accounts.load(customerId);
  const shown =
    customer.status === 'none'
      ? undefined
      : profileOf(customer, await accounts.vault.openerFor(customerId));
  if (shown === undefined)
    throw new HttpProblem(404, 'customer_not_found', 'Not found', 'no such customer');
  return shown;
};
