import { z } from 'zod';
import { sealedSchema } from '../customer/sealed.ts';

export const serviceLevels = ['standard', 'express'] as const;
export const serviceLevelSchema = z.enum(serviceLevels);
/** What the customer paid the carrier for; an order that names none ships 'standard'. */
export type ServiceLevel = z.infer<typeof serviceLevelSchema>;
export const defaultServiceLevel: ServiceLevel = 'standard';

/**
 * Where the order goes: the address as it was when ordered, copied from the customer's account
 * still sealed under the customer's key. A later edit of the address book does not move a parcel,
 * and erasing the customer erases this copy with every other.
 */
export const shipToSchema = z.object({
  addressId: z.string().min(1).max(100),
  address: sealedSchema.describe(
    "the address (recipient, lines, postal code, city, country) as JSON, sealed with AES-256-GCM under the customer's data key; it no longer opens once the customer is erased",
  ),
});
export type ShipTo = z.infer<typeof shipToSchema>;
