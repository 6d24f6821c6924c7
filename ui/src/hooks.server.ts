import type { Handle, HandleServerError } from '@sveltejs/kit/hooks';
import { clearSession, SESSION_COOKIE, userOf } from '#lib/server/session.ts';
import { THEME_COOKIE, TIME_ZONE_COOKIE, themeOf, timeZoneOf } from '#lib/theme.ts';

export const handle: Handle = async ({ event, resolve }) => {
  const theme = themeOf(event.cookies.get(THEME_COOKIE));
  event.locals.theme = theme;
  event.locals.timeZone = timeZoneOf(event.cookies.get(TIME_ZONE_COOKIE));

  const token = event.cookies.get(SESSION_COOKIE) ?? null;
  const user = token === null ? null : await userOf(event, token);
  if (token !== null && user === null) clearSession(event.cookies);
  event.locals.user = user;
  event.locals.token = user === null ? null : token;

  const response = await resolve(event, {
    // The theme is known before the first paint: no flash of the wrong one.
    transformPageChunk: ({ html }) => html.replace('%ol.theme%', theme),
  });
  response.headers.set('referrer-policy', 'same-origin');
  response.headers.set('x-content-type-options', 'nosniff');
  return response;
};

export const handleError: HandleServerError = ({ kind, error, event }) => {
  // Errors the app raised on purpose (404, 403…) and SvelteKit's own keep their message; anything
  // else is a defect: logged with its route, shown to the user without internals.
  if (kind !== 'unknown') return;
  console.error(`[ui] ${event.route.id ?? event.url.pathname}:`, error);
  return { message: 'Something went wrong on our side. Please try again.' };
};
