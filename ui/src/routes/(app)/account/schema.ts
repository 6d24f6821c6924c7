import * as z from 'zod/mini';

// GET /api/customers/me as this page reads it. Personal data whose key was destroyed reads
// { erased: true } wherever it appears.
const erased = z.object({ erased: z.literal(true) });
const shown = <T extends z.ZodMiniType>(value: T) => z.union([value, erased]);

export const addressSchema = z.object({
  addressId: z.string(),
  isDefault: z.boolean(),
  label: z.optional(z.string()),
  recipient: z.string(),
  line1: z.string(),
  line2: z.optional(z.string()),
  postalCode: z.string(),
  city: z.string(),
  region: z.optional(z.string()),
  country: z.string(),
  phone: z.optional(z.string()),
});
export type Address = z.infer<typeof addressSchema>;

export const profileSchema = z.object({
  customerId: z.string(),
  status: z.enum(['active', 'erased']),
  email: shown(z.string()),
  name: shown(z.string()),
  addresses: z.array(addressSchema),
});

export const textOf = (value: string | { erased: true }): string =>
  typeof value === 'string' ? value : 'erased';

/** The fields an address is written with (PUT and POST take the same body). */
export const addressBody = (address: Address) => {
  const { addressId: _id, isDefault: _default, ...body } = address;
  return body;
};
