import { z } from 'zod';
import { roleSchema } from '../shared/command.ts';
import { defineEventRegistry, eventSchema } from '../shared/event.ts';
import type { Event, EventRegistry } from '../shared/event.ts';
import { sealedSchema } from './sealed.ts';

const customerId = z.string().min(1).max(100);
const addressId = z.string().min(1).max(100);
/** A keyed hash (HMAC-SHA-256, hex) of the normalized e-mail: finds an account, reveals nothing. */
export const emailKeySchema = z.string().regex(/^[0-9a-f]{64}$/, 'an HMAC-SHA-256 in hex');
/** Roles an admin may grant; every account is a customer from registration on. */
export const staffRoleSchema = roleSchema.extract(['operator', 'auditor', 'admin']);
export type StaffRole = z.infer<typeof staffRoleSchema>;

// Personal data (e-mail, name, phone, addresses) and the password hash are sealed: the log keeps
// the envelopes for ever, and destroying the customer's key leaves them unreadable.
export const customerRegisteredSchema = z.object({
  customerId,
  emailKey: emailKeySchema,
  email: sealedSchema,
  name: sealedSchema,
  passwordHash: sealedSchema,
});
export const customerPasswordChangedSchema = z.object({ customerId, passwordHash: sealedSchema });
export const customerProfileUpdatedSchema = z.object({
  customerId,
  name: sealedSchema,
  phone: sealedSchema.nullable(),
});
export const customerAddressAddedSchema = z.object({
  customerId,
  addressId,
  address: sealedSchema,
  isDefault: z.boolean(),
});
export const customerAddressUpdatedSchema = z.object({
  customerId,
  addressId,
  address: sealedSchema,
});
export const customerDefaultAddressChosenSchema = z.object({ customerId, addressId });
export const customerAddressRemovedSchema = z.object({
  customerId,
  addressId,
  /** The address that became the default in its place, if it was the default. */
  newDefaultAddressId: addressId.nullable(),
});
export const customerRoleGrantedSchema = z.object({
  customerId,
  role: staffRoleSchema,
  grantedBy: z.string().min(1),
});
/** Who asked is part of the record: the audit trail must say who erased a customer. */
export const customerErasedSchema = z.object({
  customerId,
  requestedBy: z.string().min(1),
  requestedAs: z.enum(['self', 'admin']),
});

type E<T extends string, S extends z.ZodType> = Event<T, z.infer<S>>;
export type CustomerRegistered = E<'CustomerRegistered', typeof customerRegisteredSchema>;
export type CustomerPasswordChanged = E<
  'CustomerPasswordChanged',
  typeof customerPasswordChangedSchema
>;
export type CustomerProfileUpdated = E<
  'CustomerProfileUpdated',
  typeof customerProfileUpdatedSchema
>;
export type CustomerAddressAdded = E<'CustomerAddressAdded', typeof customerAddressAddedSchema>;
export type CustomerAddressUpdated = E<
  'CustomerAddressUpdated',
  typeof customerAddressUpdatedSchema
>;
export type CustomerDefaultAddressChosen = E<
  'CustomerDefaultAddressChosen',
  typeof customerDefaultAddressChosenSchema
>;
export type CustomerAddressRemoved = E<
  'CustomerAddressRemoved',
  typeof customerAddressRemovedSchema
>;
export type CustomerRoleGranted = E<'CustomerRoleGranted', typeof customerRoleGrantedSchema>;
export type CustomerErased = E<'CustomerErased', typeof customerErasedSchema>;
export type CustomerEvent =
  | CustomerRegistered
  | CustomerPasswordChanged
  | CustomerProfileUpdated
  | CustomerAddressAdded
  | CustomerAddressUpdated
  | CustomerDefaultAddressChosen
  | CustomerAddressRemoved
  | CustomerRoleGranted
  | CustomerErased;

export const customerEvents: EventRegistry<CustomerEvent> = defineEventRegistry<CustomerEvent>(
  z.discriminatedUnion('type', [
    eventSchema('CustomerRegistered', customerRegisteredSchema),
    eventSchema('CustomerPasswordChanged', customerPasswordChangedSchema),
    eventSchema('CustomerProfileUpdated', customerProfileUpdatedSchema),
    eventSchema('CustomerAddressAdded', customerAddressAddedSchema),
    eventSchema('CustomerAddressUpdated', customerAddressUpdatedSchema),
    eventSchema('CustomerDefaultAddressChosen', customerDefaultAddressChosenSchema),
    eventSchema('CustomerAddressRemoved', customerAddressRemovedSchema),
    eventSchema('CustomerRoleGranted', customerRoleGrantedSchema),
    eventSchema('CustomerErased', customerErasedSchema),
  ]),
  {
    CustomerRegistered: { schemaVersion: 1 },
    CustomerPasswordChanged: { schemaVersion: 1 },
    CustomerProfileUpdated: { schemaVersion: 1 },
    CustomerAddressAdded: { schemaVersion: 1 },
    CustomerAddressUpdated: { schemaVersion: 1 },
    CustomerDefaultAddressChosen: { schemaVersion: 1 },
    CustomerAddressRemoved: { schemaVersion: 1 },
    CustomerRoleGranted: { schemaVersion: 1 },
    CustomerErased: { schemaVersion: 1 },
  },
);
