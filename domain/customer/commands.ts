import type { Command } from '../shared/command.ts';
import type { StaffRole } from './events.ts';
import type { Sealed } from './sealed.ts';

// Personal data arrives sealed: the API encrypts under the customer's key before deciding, so the
// decider (pure, no keys) cannot leak it and the events it returns are safe to append as they are.
export type RegisterCustomer = Command<
  'RegisterCustomer',
  { customerId: string; emailKey: string; email: Sealed; name: Sealed; passwordHash: Sealed }
>;
export type ChangePassword = Command<
  'ChangePassword',
  { customerId: string; passwordHash: Sealed }
>;
export type UpdateProfile = Command<
  'UpdateProfile',
  { customerId: string; name: Sealed; phone: Sealed | null }
>;
export type AddAddress = Command<
  'AddAddress',
  { customerId: string; addressId: string; address: Sealed; makeDefault: boolean }
>;
export type UpdateAddress = Command<
  'UpdateAddress',
  { customerId: string; addressId: string; address: Sealed | null; makeDefault: boolean }
>;
export type RemoveAddress = Command<'RemoveAddress', { customerId: string; addressId: string }>;
export type GrantRole = Command<'GrantRole', { customerId: string; role: StaffRole }>;
export type EraseCustomer = Command<'EraseCustomer', { customerId: string }>;

export type CustomerCommand =
  | RegisterCustomer
  | ChangePassword
  | UpdateProfile
  | AddAddress
  | UpdateAddress
  | RemoveAddress
  | GrantRole
  | EraseCustomer;

/** A customer keeps at most this many shipping addresses. */
export const maxAddresses = 20;
