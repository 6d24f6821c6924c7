import type { Cookies } from '@sveltejs/kit';

// After a command, the page it leads to should show its effect. The command's log position
// travels to that page's first load in a short-lived cookie scoped to the page (not in the URL,
// which would be bookmarked and shared); that load asks the API to wait for it, once.
const cookie = 'ol_after';

export const rememberWrite = (cookies: Cookies, path: string, commit: string): void => {
  cookies.set(cookie, commit, { path, httpOnly: true, sameSite: 'lax', maxAge: 30 });
};

/** The position to wait for on this page's first load after a command, if any (then forgotten). */
export const recalledWrite = (cookies: Cookies, path: string): string | undefined => {
  const commit = cookies.get(cookie);
  if (commit === undefined) return undefined;
  cookies.delete(cookie, { path });
  return /^\d{1,16}$/.test(commit) ? commit : undefined;
};
