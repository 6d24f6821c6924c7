import { fail, redirect } from '@sveltejs/kit';
import { can } from '#lib/roles.ts';
import { ApiError, apiFor } from '#lib/server/api.ts';
import { actionFailure, pageFailure, requireCapability, requireUser } from '#lib/server/guard.ts';
import { bulkFormSchema, bulkResultsSchema } from './bulk.ts';
import { apiQueryOf, filtersOf, searchOf } from './filters.ts';
import { listPageSchema } from './page-schema.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  event.depends('app:orders');
  const seeAll = can(user, 'seeAllOrders');
  const filters = filtersOf(event.url.searchParams);
  // The API shows a customer their own orders whatever is asked; the form does not offer it.
  if (!seeAll) filters.customerId = '';
  const cursor = event.url.searchParams.get('cursor') ?? undefined;
  // A form sent without script names every field, empty or not: the address keeps only what counts.
  const canonical = searchOf(filters, cursor === undefined ? {} : { cursor });
  const asked = event.url.search.replace(/^\?/, '');
  if (event.request.method === 'GET' && !asked.startsWith('/') && asked !== canonical)
    redirect(303, canonical === '' ? event.url.pathname : `${event.url.pathname}?${canonical}`);
  const { query, ignored } = apiQueryOf(filters, event.locals.timeZone);
  const loadedAt = new Date().toISOString();
  try {
    const { body, headers } = await apiFor(event).json(listPageSchema, '/api/orders', {
      query: { ...query, cursor },
    });
    return {
      filters,
      query,
      ignored,
      seeAll,
      canPlace: can(user, 'placeOrders'),
      canBulk: can(user, 'steerFulfilment'),
      orders: body.items,
      nextCursor: body.nextCursor,
      partial: body.partial ?? false,
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

export const actions = {
  /** One action on the selected orders; the answer says what became of each. */
  bulk: async (event) => {
    requireCapability(event, 'steerFulfilment');
    const form = await event.request.formData();
    const input = bulkFormSchema.safeParse({
      action: form.get('action'),
      reason: form.get('reason'),
      step: form.get('action') === 'retry' ? form.get('step') : undefined,
      orderIds: form.getAll('orderId'),
    });
    if (!input.success)
      return fail(400, {
        form: 'bulk',
        message: 'Choose up to 100 orders, an action (and the step to retry), and say why.',
      });
    try {
      const { body } = await apiFor(event).json(bulkResultsSchema, '/api/admin/orders/bulk', {
        method: 'POST',
        body: input.data,
      });
      return { form: 'bulk', action: input.data.action, results: body.results };
    } catch (cause) {
      return actionFailure(event, cause, 'bulk');
    }
  },
} satisfies Actions;
