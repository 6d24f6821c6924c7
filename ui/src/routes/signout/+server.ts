import { redirect } from '@sveltejs/kit';
import { endSession } from '#lib/server/session.ts';
import type { RequestHandler } from './$types';

// A POST (a form), never a GET: a link or a prefetch must not sign anyone out.
export const POST: RequestHandler = async (event) => {
  await endSession(event);
  redirect(303, '/signin');
};
