import { redirect } from '@sveltejs/kit';
import { requireCapability } from '#lib/server/guard.ts';
import { rangeOf, searchOfRange } from './range.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = (event) => {
  requireCapability(event, 'stats');
  const range = rangeOf(event.url.searchParams, new Date());
  // The address keeps only what differs from the defaults (a scriptless form sends every field).
  const category = event.url.searchParams.get('category') ?? '';
  const granularity = event.url.searchParams.get('granularity') ?? '';
  const canonical = searchOfRange(range, { category, granularity });
  const asked = event.url.search.replace(/^\?/, '');
  if (event.request.method === 'GET' && asked !== canonical)
    redirect(303, canonical === '' ? event.url.pathname : `${event.url.pathname}?${canonical}`);
  return { range, rangeSearch: searchOfRange(range) };
};
