import { unreachable } from '../shared/decider.ts';
import type { CustomerEvent, StaffRole } from './events.ts';
import type { Sealed } from './sealed.ts';

export type CustomerAddress = { addressId: string; address: Sealed };

export type ActiveCustomer = {
  status: 'active';
  customerId: string;
  emailKey: string;
  email: Sealed;
  name: Sealed;
  phone: Sealed | null;
  passwordHash: Sealed;
  /** In the order they were added. */
  addresses: CustomerAddress[];
  defaultAddressId: string | null;
  staffRoles: StaffRole[];
};

/** What is left once erased: the id and the key's hash (to release the e-mail), no envelopes. */
export type ErasedCustomer = { status: 'erased'; customerId: string; emailKey: string };

export type Customer = { status: 'none' } | ActiveCustomer | ErasedCustomer;

export const initialState: Customer = { status: 'none' };

const active = (state: Customer, change: (customer: ActiveCustomer) => Customer): Customer =>
  state.status === 'active' ? change(state) : state;

/** Events that cannot follow the current state leave it unchanged, so folding stays total. */
export const evolve = (state: Customer, event: CustomerEvent): Customer => {
  switch (event.type) {
    case 'CustomerRegistered': {
      if (state.status !== 'none') return state;
      const { customerId, emailKey, email, name, passwordHash } = event.data;
      return {
        status: 'active',
        customerId,
        emailKey,
        email,
        name,
        phone: null,
        passwordHash,
        addresses: [],
        defaultAddressId: null,
        staffRoles: [],
      };
    }
    case 'CustomerPasswordChanged':
      return active(state, (c) => ({ ...c, passwordHash: event.data.passwordHash }));
    case 'CustomerProfileUpdated':
      return active(state, (c) => ({ ...c, name: event.data.name, phone: event.data.phone }));
    case 'CustomerAddressAdded': {
      const { addressId, address, isDefault } = event.data;
      return active(state, (c) => ({
        ...c,
        addresses: [...c.addresses, { addressId, address }],
        defaultAddressId: isDefault ? addressId : c.defaultAddressId,
      }));
    }
    case 'CustomerAddressUpdated': {
      const { addressId, address } = event.data;
      return active(state, (c) => ({
        ...c,
        addresses: c.addresses.map((a) => (a.addressId === addressId ? { addressId, address } : a)),
      }));
    }
    case 'CustomerDefaultAddressChosen':
      return active(state, (c) => ({ ...c, defaultAddressId: event.data.addressId }));
    case 'CustomerAddressRemoved': {
      const { addressId, newDefaultAddressId } = event.data;
      return active(state, (c) => ({
        ...c,
        addresses: c.addresses.filter((a) => a.addressId !== addressId),
        defaultAddressId:
          c.defaultAddressId === addressId ? newDefaultAddressId : c.defaultAddressId,
      }));
    }
    case 'CustomerRoleGranted':
      return active(state, (c) => ({ ...c, staffRoles: [...c.staffRoles, event.data.role] }));
    case 'CustomerErased':
      return active(state, (c) => ({
        status: 'erased',
        customerId: c.customerId,
        emailKey: c.emailKey,
      }));
    default:
      return unreachable(event);
  }
};
