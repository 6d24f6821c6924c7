import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { isRole, type User } from '../roles.ts';
import { userSchema } from '../schemas/common.ts';
import { apiFor } from './api.ts';

export const SESSION_COOKIE = 'ol_session';
const eightHours = 8 * 60 * 60;

export const setSession = (cookies: Cookies, token: string, secure: boolean): void => {
  cookies.set(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: eightHours,
  });
};

export const clearSession = (cookies: Cookies): void => {
  cookies.delete(SESSION_COOKIE, { path: '/' });
};

// Every request would otherwise ask the API who the token belongs to; a few seconds of memory
// keeps navigation fast while a revoked or expired token still stops working almost at once.
const ttlMs = 5_000;
const maxEntries = 1_000;
const known = new Map<string, { user: User; until: number }>();

export const forgetToken = (token: string): void => {
  known.delete(token);
};

/**
 * Signs the session out: the API revokes its token first (a copy of it, or the cookie of a
 * browser that missed the clearing, stops working too), then this server forgets it and clears
 * the cookie. The cookie is cleared even when the API cannot be reached: the person asked to
 * leave this browser; the failure goes to the log.
 */
export const endSession = async (event: RequestEvent): Promise<void> => {
  const token = event.cookies.get(SESSION_COOKIE);
  if (token !== undefined) {
    try {
      const response = await apiFor(event, token).raw('/api/auth/sign-out', { method: 'POST' });
      await response.body?.cancel();
      // 401: already revoked or expired, which is what was wanted.
      if (response.status !== 204 && response.status !== 401)
        console.error(`[ui] sign-out: the API answered ${response.status}; the token stays valid`);
    } catch (error) {
      console.error('[ui] sign-out: the API did not answer; the token stays valid', error);
    }
    forgetToken(token);
  }
  clearSession(event.cookies);
};

/** Who the token belongs to, as the API says (GET /api/auth/me); null when it does not verify. */
export const userOf = async (event: RequestEvent, token: string): Promise<User | null> => {
  const now = Date.now();
  const cached = known.get(token);
  if (cached !== undefined && cached.until > now) return cached.user;
  known.delete(token);

  const response = await apiFor(event, token).raw('/api/auth/me');
  if (response.status === 401 || response.status === 403) return null;
  if (!response.ok) throw new Error(`GET /api/auth/me answered ${response.status}`);
  const parsed = userSchema.safeParse(await response.json());
  if (!parsed.success) return null;
  const user: User = { sub: parsed.data.sub, roles: parsed.data.roles.filter(isRole) };
  if (user.roles.length === 0) return null;

  if (known.size >= maxEntries) {
    const oldest = known.keys().next();
    if (oldest.done !== true) known.delete(oldest.value);
  }
  known.set(token, { user, until: now + ttlMs });
  return user;
};
