import { redirect } from '@sveltejs/kit';
import { THEME_COOKIE, themeOf } from '#lib/theme.ts';
import { formText } from '#lib/server/form.ts';
import { safeNext } from '#lib/server/next.ts';
import type { RequestHandler } from './$types';

/** Remembers the chosen theme; the page script applies it at once, a plain form reloads. */
export const POST: RequestHandler = async ({ request, cookies }) => {
  const form = await request.formData();
  const theme = themeOf(formText(form, 'theme'));
  cookies.set(THEME_COOKIE, theme, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    maxAge: 60 * 60 * 24 * 365,
  });
  if (request.headers.get('accept') === 'application/json')
    return new Response(null, { status: 204 });
  redirect(303, safeNext(formText(form, 'back')));
};
