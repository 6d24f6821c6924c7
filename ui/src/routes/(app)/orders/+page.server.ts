import { redirect } from '@sveltejs/kit';
import { can } from '#lib/roles.ts';
import { ApiError, apiFor } from '#lib/server/api.ts';
import { pageFailure, requireUser } from '#lib/server/guard.ts';
import { orderPageSchema } from '#lib/schemas/orders.ts';
import { apiQueryOf, filtersOf, searchOf } from './filters.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  event.depends('app:orders');
  const seeAll = can(user, 'seeAllOrders');
  const filters = filtersOf(event.url.searchParams);
  // The API shows a customer their own orders whatever is asked; the form does not offer it.
  if (!seeAll) filters.customerId = '';
  const cursor = event.url.searchParams.get('cursor') ?? undefined;
  const { query, ignored } = apiQueryOf(filters, event.locals.timeZone);
  const loadedAt = new Date().toISOString();
  try {
    const { body, headers } = await apiFor(event).json(orderPageSchema, '/api/orders', {
      query: { ...query, cursor },
    });
    return {
      filters,
      query,
      ignored,
      seeAll,
      canPlace: can(user, 'placeOrders'),
      orders: body.items,
      nextCursor: body.nextCursor,
      paged: cursor !== undefined,
      loadedAt,
      stale: headers.get('x-read-model-stale') === 'true',
    };
  } catch (cause) {
    // A cursor from other filters (or a tampered one) is refused: start again from the top.
    if (cause instanceof ApiError && cause.status === 400 && cursor !== undefined) {
      redirect(303, `/orders?${searchOf(filters)}`);
    }
    return pageFailure(event, cause);
  }
};
