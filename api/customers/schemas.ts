import { z } from 'zod';
import { staffRoleSchema } from '../../domain/customer/events.ts';
import { plainText } from '../../domain/shared/text.ts';

// Request bodies are strict (an unknown key is refused); personal data is checked here, before it
// is sealed, because once sealed nothing downstream can look at it.

export const emailSchema = z.email().max(254);
/** Long passphrases welcome; the upper bound keeps one hash from costing more than it should. */
export const passwordSchema = z.string().min(10, 'at least 10 characters').max(200);
export const personNameSchema = plainText(200);
export const phoneSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ().-]{4,29}$/, 'digits, spaces, (), . or -, optionally after +');

export const addressSchema = z.strictObject({
  label: plainText(60).optional(),
  recipient: plainText(200),
  line1: plainText(200),
  line2: plainText(200).optional(),
  postalCode: plainText(20),
  city: plainText(100),
  region: plainText(100).optional(),
  country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code, e.g. FR'),
  phone: phoneSchema.optional(),
});
export type Address = z.infer<typeof addressSchema>;

export const registerBody = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  name: personNameSchema,
});
export const signInBody = z.strictObject({
  email: z.string().max(254),
  password: z.string().max(200),
});
export const changePasswordBody = z.strictObject({
  currentPassword: z.string().max(200),
  newPassword: passwordSchema,
});
export const updateProfileBody = z
  .strictObject({ name: personNameSchema.optional(), phone: phoneSchema.nullable().optional() })
  .refine((body) => body.name !== undefined || body.phone !== undefined, 'change name or phone');
export const addressBody = addressSchema.extend({ makeDefault: z.boolean().optional() });
export const grantRoleBody = z.strictObject({ role: staffRoleSchema });

export const customerIdParams = z.strictObject({ id: z.uuid() });
export const addressIdParams = z.strictObject({ addressId: z.uuid() });

/** Personal data whose key was destroyed reads as this, wherever it appears. */
export const erasedSchema = z.object({ erased: z.literal(true) });
const shown = <T extends z.ZodType>(value: T) => z.union([value, erasedSchema]);

export const addressViewSchema = addressSchema.extend({
  addressId: z.string(),
  isDefault: z.boolean(),
});
export type AddressView = z.infer<typeof addressViewSchema>;
export const profileSchema = z.object({
  customerId: z.string(),
  status: z.enum(['active', 'erased']),
  email: shown(z.string()),
  name: shown(z.string()),
  phone: shown(z.string().nullable()),
  addresses: z.array(addressViewSchema),
  roles: z.array(z.string()),
});
export type Profile = z.infer<typeof profileSchema>;
