import * as z from 'zod/mini';

// The API's shapes (DESIGN.md and the README), checked where they enter the UI: API answers on the
// server, Socket.IO events in the browser. Unknown fields are dropped, missing optional ones are
// tolerated, so the UI keeps working while the API grows.

export const moneySchema = z.object({ amount: z.int(), currency: z.string() });
export type Money = z.infer<typeof moneySchema>;

/** A `$all` position as the API writes it: a number, a decimal string, or {commit, prepare}. */
export const positionSchema = z.union([
  z.number(),
  z.string().check(z.regex(/^\d+$/)),
  z.object({
    commit: z.union([z.number(), z.string()]),
    prepare: z.union([z.number(), z.string()]),
  }),
]);
export type Position = z.infer<typeof positionSchema>;

export const optionalString = z.optional(z.nullable(z.string()));

export const userSchema = z.object({ sub: z.string(), roles: z.array(z.string()) });

/** application/problem+json, as every API error is written. */
export const problemSchema = z.object({
  title: z.optional(z.string()),
  status: z.optional(z.number()),
  detail: z.optional(z.nullable(z.string())),
  errors: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
});
export type Problem = z.infer<typeof problemSchema>;
