import * as z from 'zod/mini';
import { orderPageSchema } from '#lib/schemas/orders.ts';

/** A page of the list as the API answers it, with `partial` when a search stopped at its budget. */
export const listPageSchema = z.extend(orderPageSchema, { partial: z.optional(z.boolean()) });
export type ListPage = z.infer<typeof listPageSchema>;
