import type { RequestEvent } from '@sveltejs/kit';
import * as z from 'zod/mini';
import { apiFor } from './api.ts';

let embedded: boolean | undefined;

const methodsSchema = z.object({ methods: z.array(z.string()) });

/**
 * Embedded mode is where the API offers sign-in by name (a development token). The mode is fixed
 * for the life of the process, so the answer is kept.
 */
export const isEmbedded = async (event: RequestEvent): Promise<boolean> => {
  if (embedded !== undefined) return embedded;
  const { body } = await apiFor(event, null).json(methodsSchema, '/api/auth/methods');
  embedded = body.methods.includes('dev-token');
  return embedded;
};
