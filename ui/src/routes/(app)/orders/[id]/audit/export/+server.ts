import { error } from '@sveltejs/kit';
import { apiFor } from '#lib/server/api.ts';
import { pageFailure, requireCapability } from '#lib/server/guard.ts';
import { ApiError } from '#lib/server/api.ts';
import type { RequestHandler } from './$types';

/** The order's audited history as a download: the API's CSV, or its JSON as it is. */
export const GET: RequestHandler = async (event) => {
  requireCapability(event, 'audit');
  const { id } = event.params;
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(id)) error(404, 'There is no order with that id.');
  const format = event.url.searchParams.get('format') === 'json' ? 'json' : 'csv';
  const api = apiFor(event);
  const response = await api.raw(`/api/orders/${encodeURIComponent(id)}/history`, {
    headers: { accept: format === 'csv' ? 'text/csv' : 'application/json' },
  });
  if (!response.ok)
    return pageFailure(event, new ApiError(response.status, await api.failure(response)));
  return new Response(response.body, {
    headers: {
      'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
      'content-disposition': `attachment; filename="order-${id}-history.${format}"`,
      'cache-control': 'no-store',
    },
  });
};
