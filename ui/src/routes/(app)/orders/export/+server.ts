import { can } from '#lib/roles.ts';
import { apiFor } from '#lib/server/api.ts';
import { pageFailure, requireUser } from '#lib/server/guard.ts';
import { orderPageSchema, type OrderSummary } from '#lib/schemas/orders.ts';
import { apiQueryOf, filtersOf } from '../filters.ts';
import { csvHeader, csvRow } from './csv.ts';
import type { RequestHandler } from './$types';

/**
 * The whole filtered set, not just one page: pages of 100 are fetched as the download is read
 * (keyset cursor), so a large export streams with bounded memory.
 */
export const GET: RequestHandler = async (event) => {
  const user = requireUser(event);
  const filters = filtersOf(event.url.searchParams);
  if (!can(user, 'seeAllOrders')) filters.customerId = '';
  const { query } = apiQueryOf({ ...filters, limit: 100 }, event.locals.timeZone);
  const format = event.url.searchParams.get('format') === 'json' ? 'json' : 'csv';
  const api = apiFor(event);
  const pageAt = async (cursor: string | undefined) =>
    (await api.json(orderPageSchema, '/api/orders', { query: { ...query, cursor } })).body;

  // The first page is read before answering, so a refusal is a proper error, not a broken file.
  let page;
  try {
    page = await pageAt(undefined);
  } catch (cause) {
    return pageFailure(event, cause);
  }
  let first = true;
  const encoder = new TextEncoder();
  const encode = (orders: readonly OrderSummary[]): string =>
    format === 'csv'
      ? orders.map(csvRow).join('')
      : orders
          .map((order) => {
            const text = `${first ? '' : ',\n'}${JSON.stringify(order)}`;
            first = false;
            return text;
          })
          .join('');

  let current: typeof page | null = page;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(format === 'csv' ? csvHeader : '[\n'));
    },
    async pull(controller) {
      if (current === null) return;
      controller.enqueue(encoder.encode(encode(current.items)));
      if (current.nextCursor === null) {
        controller.enqueue(encoder.encode(format === 'csv' ? '' : '\n]\n'));
        controller.close();
        current = null;
        return;
      }
      try {
        current = await pageAt(current.nextCursor);
      } catch (cause) {
        controller.error(cause);
      }
    },
  });
  const stamp = new Date().toISOString().slice(0, 19).replaceAll(':', '-');
  return new Response(body, {
    headers: {
      'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
      'content-disposition': `attachment; filename="orders-${stamp}.${format}"`,
      'cache-control': 'no-store',
    },
  });
};
