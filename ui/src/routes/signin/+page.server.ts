import { fail, redirect } from '@sveltejs/kit';
import * as z from 'zod/mini';
import { roles } from '#lib/roles.ts';
import { ApiError, apiFor } from '#lib/server/api.ts';
import { isEmbedded, offersPassword } from '#lib/server/mode.ts';
import { safeNext } from '#lib/server/next.ts';
import { forgetToken, setSession, userOf } from '#lib/server/session.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const next = safeNext(event.url.searchParams.get('next'));
  if (event.locals.user !== null) redirect(303, next);
  return { embedded: await isEmbedded(event), password: await offersPassword(event), next };
};

const devSignIn = z.object({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100), z.regex(/^[\w.@-]+$/)),
  role: z.enum(roles),
});
const tokenSignIn = z.object({
  token: z.string().check(z.trim(), z.minLength(20), z.maxLength(8192)),
});
const tokenSchema = z.object({ token: z.string() });
const passwordSignIn = z.object({
  email: z.string().check(z.trim(), z.minLength(3), z.maxLength(254)),
  password: z.string().check(z.minLength(1), z.maxLength(200)),
});

export const actions: Actions = {
  /** A customer account: e-mail and password (POST /api/customers/sign-in), in either mode. */
  password: async (event) => {
    const form = Object.fromEntries(await event.request.formData());
    const next = safeNext(typeof form.next === 'string' ? form.next : null);
    const email = typeof form.email === 'string' ? form.email : '';
    const input = passwordSignIn.safeParse(form);
    if (!input.success)
      return fail(400, { form: 'password', email, message: 'Enter your e-mail and password.' });
    let token: string;
    try {
      const issued = await apiFor(event, null).json(tokenSchema, '/api/customers/sign-in', {
        method: 'POST',
        body: input.data,
      });
      token = issued.body.token;
    } catch (cause) {
      if (!(cause instanceof ApiError)) throw cause;
      if (cause.status === 401)
        return fail(401, { form: 'password', email, message: 'Wrong e-mail or password.' });
      if (cause.status === 429)
        return fail(429, { form: 'password', email, message: 'Too many attempts: wait a minute.' });
      return fail(cause.status >= 500 ? 503 : cause.status, {
        form: 'password',
        email,
        message: cause.message,
      });
    }
    setSession(event.cookies, token, event.url.protocol === 'https:');
    redirect(303, next);
  },
  token: async (event) => {
    const form = Object.fromEntries(await event.request.formData());
    const next = safeNext(typeof form.next === 'string' ? form.next : null);
    let token: string;
    if (await isEmbedded(event)) {
      const input = devSignIn.safeParse(form);
      if (!input.success) {
        return fail(400, {
          name: typeof form.name === 'string' ? form.name : '',
          message: 'Use letters, digits, dot, dash, underscore or @ for the name, and pick a role.',
        });
      }
      try {
        const issued = await apiFor(event, null).json(tokenSchema, '/api/auth/dev-token', {
          method: 'POST',
          body: { sub: input.data.name, roles: [input.data.role] },
        });
        token = issued.body.token;
      } catch (cause) {
        if (!(cause instanceof ApiError)) throw cause;
        // 403: the browser is not on this machine (dev tokens stay local); anything else is ours.
        if (cause.status === 403)
          return fail(403, {
            name: input.data.name,
            message:
              'Signing in by name works only in a browser on the machine that runs Order Ledger.',
          });
        return fail(502, { name: input.data.name, message: cause.message });
      }
    } else {
      const input = tokenSignIn.safeParse(form);
      if (!input.success) return fail(400, { name: '', message: 'Paste the whole token.' });
      token = input.data.token;
      forgetToken(token);
      if ((await userOf(event, token)) === null) {
        return fail(400, { name: '', message: 'That token was not accepted by the API.' });
      }
    }
    setSession(event.cookies, token, event.url.protocol === 'https:');
    redirect(303, next);
  },
};
