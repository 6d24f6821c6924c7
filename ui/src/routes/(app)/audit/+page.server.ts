import { redirect } from '@sveltejs/kit';
import { links } from '#lib/links.ts';
import { ApiError, apiFor } from '#lib/server/api.ts';
import { pageFailure, requireCapability } from '#lib/server/guard.ts';
import { apiQueryOf, auditPageSchema, eventTypesSchema, filtersOf, searchOf } from './search.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireCapability(event, 'searchAudit');
  const filters = filtersOf(event.url.searchParams);
  const after = event.url.searchParams.get('after') ?? undefined;
  const { query, ignored } = apiQueryOf(filters, event.locals.timeZone);
  const api = apiFor(event);
  try {
    const [types, page] = await Promise.all([
      api.json(eventTypesSchema, '/api/audit/event-types'),
      api.json(auditPageSchema, '/api/audit/events', { query: { ...query, after, limit: '50' } }),
    ]);
    return {
      filters,
      ignored,
      types: types.body.types,
      page: page.body,
      paged: after !== undefined,
    };
  } catch (cause) {
    // A cursor from other filters (or a tampered one) is refused: start again from the top.
    if (cause instanceof ApiError && cause.status === 400 && after !== undefined)
      redirect(303, links.auditSearch(searchOf(filters)));
    return pageFailure(event, cause);
  }
};
