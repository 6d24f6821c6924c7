import { z } from 'zod';

/**
 * Personal data as events hold it: an AES-256-GCM envelope under the customer's data key (`kid`),
 * base64url throughout. The domain never opens one; it only stores and moves them, so erasing the
 * key (crypto-shredding) erases every copy in the log at once.
 */
export const sealedSchema = z.strictObject({
  v: z.literal(1),
  kid: z.string().min(1).max(100),
  iv: z.string().regex(/^[A-Za-z0-9_-]{16}$/, '12 bytes, base64url'),
  tag: z.string().regex(/^[A-Za-z0-9_-]{22}$/, '16 bytes, base64url'),
  ct: z
    .string()
    .regex(/^[A-Za-z0-9_-]*$/, 'base64url')
    .max(20_000),
});
export type Sealed = z.infer<typeof sealedSchema>;
