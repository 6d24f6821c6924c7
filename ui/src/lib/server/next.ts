/** Where to go after signing in: only a path on this site, never another origin. */
export const safeNext = (next: string | null | undefined): string => {
  if (next === null || next === undefined) return '/orders';
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/orders';
  if (next.startsWith('/signin') || next.startsWith('/signout')) return '/orders';
  return next;
};
