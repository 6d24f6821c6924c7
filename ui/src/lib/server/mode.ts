import type { RequestEvent } from '@sveltejs/kit';
import * as z from 'zod/mini';
import { apiFor } from './api.ts';

let methods: readonly string[] | undefined;

const methodsSchema = z.object({ methods: z.array(z.string()) });

/**
 * Embedded mode is where the API offers sign-in by name (a development token). The mode is fixed
 * for the life of the process, so the answer is kept.
 */
const methodsOf = async (event: RequestEvent): Promise<readonly string[]> => {
  if (methods !== undefined) return methods;
  const { body } = await apiFor(event, null).json(methodsSchema, '/api/auth/methods');
  methods = body.methods;
  return methods;
};

export const isEmbedded = async (event: RequestEvent): Promise<boolean> =>
  (await methodsOf(event)).includes('dev-token');

/** Whether customer accounts sign in here with an e-mail and password (and may register). */
export const offersPassword = async (event: RequestEvent): Promise<boolean> =>
  (await methodsOf(event)).includes('password');
