import { error } from '@sveltejs/kit';
import { can } from '#lib/roles.ts';
import { ApiError, apiFor } from '#lib/server/api.ts';
import { requireUser } from '#lib/server/guard.ts';
import { apiQueryOf, filtersOf } from '../filters.ts';
import { listPageSchema } from '../page-schema.ts';
import type { RequestHandler } from './$types';

/**
 * The next page of the list the URL describes, for the table's scrolling: the browser asks here
 * and this server asks the API with the user's token, which never reaches the browser.
 */
export const GET: RequestHandler = async (event) => {
  const user = requireUser(event);
  const filters = filtersOf(event.url.searchParams);
  if (!can(user, 'seeAllOrders')) filters.customerId = '';
  const cursor = event.url.searchParams.get('cursor');
  if (cursor === null || cursor === '') error(400, 'a cursor is needed');
  const { query } = apiQueryOf(filters, event.locals.timeZone);
  try {
    const { body } = await apiFor(event).json(listPageSchema, '/api/orders', {
      query: { ...query, cursor },
    });
    return Response.json(body, { headers: { 'cache-control': 'no-store' } });
  } catch (cause) {
    if (cause instanceof ApiError)
      error(cause.status, cause.problem.detail ?? 'the list could not be read');
    throw cause;
  }
};
