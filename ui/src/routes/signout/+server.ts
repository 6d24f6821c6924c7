import { redirect } from '@sveltejs/kit';
import { clearSession, forgetToken, SESSION_COOKIE } from '#lib/server/session.ts';
import type { RequestHandler } from './$types';

// A POST (a form), never a GET: a link or a prefetch must not sign anyone out.
export const POST: RequestHandler = ({ cookies }) => {
  const token = cookies.get(SESSION_COOKIE);
  if (token !== undefined) forgetToken(token);
  clearSession(cookies);
  redirect(303, '/signin');
};
