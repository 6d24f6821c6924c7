import { hasAnyRole } from '../shared/command.ts';
import type { CommandMetadata } from '../shared/command.ts';
import { unreachable } from '../shared/decider.ts';
import type { Decider } from '../shared/decider.ts';
import { maxAddresses } from './commands.ts';
import type {
  AddAddress,
  CustomerCommand,
  EraseCustomer,
  GrantRole,
  RemoveAddress,
  UpdateAddress,
} from './commands.ts';
import {
  AddressNotFound,
  CustomerAlreadyRegistered,
  CustomerNotFound,
  CustomerWasErased,
  NotYourAccount,
  TooManyAddresses,
} from './errors.ts';
import type { CustomerEvent } from './events.ts';
import { evolve, initialState } from './state.ts';
import type { ActiveCustomer, Customer } from './state.ts';

type OnCustomer = { type: CustomerCommand['type']; data: { customerId: string } };

/** The account as it stands, or the refusal: never registered, or erased (final). */
const activeOnly = (command: OnCustomer, state: Customer): ActiveCustomer => {
  if (state.status === 'none') throw new CustomerNotFound(command.data.customerId);
  if (state.status === 'erased') throw new CustomerWasErased(command.data.customerId);
  return state;
};

const yourOwn = (
  command: OnCustomer & { metadata: CommandMetadata },
  state: Customer,
): ActiveCustomer => {
  const customer = activeOnly(command, state);
  if (command.metadata.actor.id !== customer.customerId)
    throw new NotYourAccount(customer.customerId, command.type);
  return customer;
};

const addressOf = (customer: ActiveCustomer, addressId: string) => {
  const found = customer.addresses.find((a) => a.addressId === addressId);
  if (found === undefined) throw new AddressNotFound(customer.customerId, addressId);
  return found;
};

const addAddress = (command: AddAddress, state: Customer): CustomerEvent[] => {
  const customer = yourOwn(command, state);
  const { customerId, addressId, address, makeDefault } = command.data;
  // A retried request with the same address id is already done.
  if (customer.addresses.some((a) => a.addressId === addressId)) return [];
  if (customer.addresses.length >= maxAddresses)
    throw new TooManyAddresses(customerId, maxAddresses);
  // The first address is the default: checkout always has one to offer.
  const isDefault = makeDefault || customer.defaultAddressId === null;
  return [{ type: 'CustomerAddressAdded', data: { customerId, addressId, address, isDefault } }];
};

const updateAddress = (command: UpdateAddress, state: Customer): CustomerEvent[] => {
  const customer = yourOwn(command, state);
  const { customerId, addressId, address, makeDefault } = command.data;
  addressOf(customer, addressId);
  const events: CustomerEvent[] = [];
  if (address !== null)
    events.push({ type: 'CustomerAddressUpdated', data: { customerId, addressId, address } });
  if (makeDefault && customer.defaultAddressId !== addressId)
    events.push({ type: 'CustomerDefaultAddressChosen', data: { customerId, addressId } });
  return events;
};

const removeAddress = (command: RemoveAddress, state: Customer): CustomerEvent[] => {
  const customer = yourOwn(command, state);
  const { customerId, addressId } = command.data;
  // Removing what is already gone is a repeat, not an error.
  if (!customer.addresses.some((a) => a.addressId === addressId)) return [];
  const rest = customer.addresses.filter((a) => a.addressId !== addressId);
  const newDefaultAddressId =
    customer.defaultAddressId === addressId
      ? (rest[0]?.addressId ?? null)
      : customer.defaultAddressId;
  return [{ type: 'CustomerAddressRemoved', data: { customerId, addressId, newDefaultAddressId } }];
};

const grantRole = (command: GrantRole, state: Customer): CustomerEvent[] => {
  const customer = activeOnly(command, state);
  if (!hasAnyRole(command.metadata.actor, ['admin']))
    throw new NotYourAccount(customer.customerId, command.type);
  const { customerId, role } = command.data;
  if (customer.staffRoles.includes(role)) return [];
  return [
    {
      type: 'CustomerRoleGranted',
      data: { customerId, role, grantedBy: command.metadata.actor.id },
    },
  ];
};

const erase = (command: EraseCustomer, state: Customer): CustomerEvent[] => {
  const { customerId } = command.data;
  if (state.status === 'none') throw new CustomerNotFound(customerId);
  if (state.status === 'erased') return [];
  const { actor } = command.metadata;
  const self = actor.id === customerId;
  if (!self && !hasAnyRole(actor, ['admin'])) throw new NotYourAccount(customerId, command.type);
  return [
    {
      type: 'CustomerErased',
      data: { customerId, requestedBy: actor.id, requestedAs: self ? 'self' : 'admin' },
    },
  ];
};

export const decide = (command: CustomerCommand, state: Customer): CustomerEvent[] => {
  switch (command.type) {
    case 'RegisterCustomer':
      if (state.status !== 'none') throw new CustomerAlreadyRegistered(command.data.customerId);
      return [{ type: 'CustomerRegistered', data: { ...command.data } }];
    case 'ChangePassword': {
      yourOwn(command, state);
      return [{ type: 'CustomerPasswordChanged', data: { ...command.data } }];
    }
    case 'UpdateProfile': {
      yourOwn(command, state);
      return [{ type: 'CustomerProfileUpdated', data: { ...command.data } }];
    }
    case 'AddAddress':
      return addAddress(command, state);
    case 'UpdateAddress':
      return updateAddress(command, state);
    case 'RemoveAddress':
      return removeAddress(command, state);
    case 'GrantRole':
      return grantRole(command, state);
    case 'EraseCustomer':
      return erase(command, state);
    default:
      return unreachable(command);
  }
};

export const customerDecider: Decider<CustomerCommand, CustomerEvent, Customer> = {
  decide,
  evolve,
  initialState,
};
