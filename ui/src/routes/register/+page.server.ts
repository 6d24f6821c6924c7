import { error, fail, redirect } from '@sveltejs/kit';
import * as z from 'zod/mini';
import { ApiError, apiFor } from '#lib/server/api.ts';
import { offersPassword } from '#lib/server/mode.ts';
import { setSession } from '#lib/server/session.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  if (event.locals.user !== null) redirect(303, '/account');
  // Accounts are off where tokens come from an external issuer only.
  if (!(await offersPassword(event))) error(404, 'Accounts are not offered here.');
  return {};
};

// The API checks the same rules (and the e-mail's uniqueness); these give a quick answer.
const registration = z.object({
  email: z.string().check(z.trim(), z.minLength(3), z.maxLength(254)),
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  password: z.string().check(z.minLength(10), z.maxLength(200)),
});
const signedInSchema = z.object({ token: z.string() });

export const actions: Actions = {
  default: async (event) => {
    const form = Object.fromEntries(await event.request.formData());
    const echo = {
      email: typeof form.email === 'string' ? form.email : '',
      name: typeof form.name === 'string' ? form.name : '',
    };
    const input = registration.safeParse(form);
    if (!input.success)
      return fail(400, {
        ...echo,
        message: 'Enter an e-mail, your name, and a password of at least 10 characters.',
      });
    const api = apiFor(event, null);
    let token: string;
    try {
      const response = await api.raw('/api/customers', { method: 'POST', body: input.data });
      if (!response.ok) throw new ApiError(response.status, await api.failure(response));
      await response.body?.cancel();
      const signedIn = await api.json(signedInSchema, '/api/customers/sign-in', {
        method: 'POST',
        body: { email: input.data.email, password: input.data.password },
      });
      token = signedIn.body.token;
    } catch (cause) {
      if (!(cause instanceof ApiError)) throw cause;
      if (cause.status === 409)
        return fail(409, { ...echo, message: 'An account with this e-mail exists: sign in.' });
      const detail = cause.problem.errors?.map((e) => `${e.path}: ${e.message}`).join('; ');
      return fail(cause.status >= 500 ? 503 : cause.status, {
        ...echo,
        message: detail === undefined || detail === '' ? cause.message : detail,
      });
    }
    setSession(event.cookies, token, event.url.protocol === 'https:');
    redirect(303, '/account');
  },
};
