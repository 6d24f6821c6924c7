import { apiFor } from '#lib/server/api.ts';
import { pageFailure, requireCapability } from '#lib/server/guard.ts';
import { apiQueryOf, auditPageSchema, filtersOf } from '../search.ts';
import type { RequestHandler } from './$types';

/** The next page of a search, for the page's "Load more" to append. */
export const GET: RequestHandler = async (event) => {
  requireCapability(event, 'searchAudit');
  const { query } = apiQueryOf(filtersOf(event.url.searchParams), event.locals.timeZone);
  const after = event.url.searchParams.get('after') ?? undefined;
  try {
    const { body } = await apiFor(event).json(auditPageSchema, '/api/audit/events', {
      query: { ...query, after, limit: '50' },
    });
    return Response.json({ items: body.items, next: body.next, scanned: body.scanned });
  } catch (cause) {
    return pageFailure(event, cause);
  }
};
