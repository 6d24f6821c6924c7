import { z } from 'zod';

// C0 and C1 controls (CR, LF, NUL, ESC, DEL…) and the bidi embeddings, overrides, isolates and
// marks that can make stored text read differently from what it is (Trojan Source).
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const unsafe = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/**
 * Free text a person typed (a reason, a name): one line of printable characters. The log is
 * append-only, so what is refused here can never end up stored for good.
 */
export const plainText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((text) => !unsafe.test(text), {
      message: 'control characters and bidirectional overrides are not allowed',
    });
