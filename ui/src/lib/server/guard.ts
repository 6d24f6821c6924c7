import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { can, type Capability, type User } from '../roles.ts';
import { ApiError } from './api.ts';
import { clearSession } from './session.ts';

const signInUrl = (event: RequestEvent): string => {
  const next = event.url.pathname + event.url.search;
  return `/signin?next=${encodeURIComponent(next)}`;
};

/** The signed-in user, or a redirect to sign in (then back here). */
export const requireUser = (event: RequestEvent): User => {
  if (event.locals.user === null) redirect(303, signInUrl(event));
  return event.locals.user;
};

/** The signed-in user if their roles grant `capability`; 403 otherwise. */
export const requireCapability = (event: RequestEvent, capability: Capability): User => {
  const user = requireUser(event);
  if (!can(user, capability)) error(403, 'Your role does not give access to this page.');
  return user;
};

const expired = (event: RequestEvent): never => {
  clearSession(event.cookies);
  redirect(303, signInUrl(event));
};

/** In a load: an API failure becomes the page's error (or a sign-in when the session expired). */
export const pageFailure = (event: RequestEvent, cause: unknown): never => {
  if (!(cause instanceof ApiError)) throw cause;
  if (cause.status === 401) expired(event);
  if (cause.status === 403) error(403, 'Your role does not give access to this.');
  if (cause.status === 404) error(404, 'It may not exist, or it is not yours to see.');
  error(cause.status >= 500 ? 503 : cause.status, cause.message);
};

/** In an action: an API refusal is shown beside the form; the page stays. */
export const actionFailure = (
  event: RequestEvent,
  cause: unknown,
  form: string,
  extra: Record<string, string> = {},
) => {
  if (!(cause instanceof ApiError)) throw cause;
  if (cause.status === 401) expired(event);
  return fail(cause.status >= 500 ? 503 : cause.status, {
    ...extra,
    form,
    message: cause.message,
    errors: cause.problem.errors ?? [],
  });
};
