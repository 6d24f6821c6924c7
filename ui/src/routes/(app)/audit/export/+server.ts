import { apiFor, ApiError } from '#lib/server/api.ts';
import { pageFailure, requireCapability } from '#lib/server/guard.ts';
import { apiQueryOf, auditPageSchema, filtersOf } from '../search.ts';
import type { RequestHandler } from './$types';

const headersFor = (format: 'csv' | 'json') => {
  const stamp = new Date().toISOString().slice(0, 19).replaceAll(':', '-');
  return {
    'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
    'content-disposition': `attachment; filename="audit-events-${stamp}.${format}"`,
    'cache-control': 'no-store',
  };
};

/**
 * Every page of the search as a download. CSV is the API's own, streamed through as it scans;
 * JSON is an array of the pages' events, fetched one page after another as the download is read.
 */
export const GET: RequestHandler = async (event) => {
  requireCapability(event, 'searchAudit');
  const { query } = apiQueryOf(filtersOf(event.url.searchParams), event.locals.timeZone);
  const format = event.url.searchParams.get('format') === 'json' ? 'json' : 'csv';
  const api = apiFor(event);
  if (format === 'csv') {
    const response = await api.raw('/api/audit/events', { query: { ...query, format: 'csv' } });
    if (!response.ok)
      return pageFailure(event, new ApiError(response.status, await api.failure(response)));
    return new Response(response.body, { headers: headersFor('csv') });
  }
  const pageAfter = async (after: string | undefined) =>
    (
      await api.json(auditPageSchema, '/api/audit/events', {
        query: { ...query, after, limit: '500' },
      })
    ).body;
  // The first page is read before answering, so a refusal is a proper error, not a broken file.
  let current;
  try {
    current = await pageAfter(undefined);
  } catch (cause) {
    return pageFailure(event, cause);
  }
  const encoder = new TextEncoder();
  let first = true;
  let page: typeof current | null = current;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode('[\n'));
    },
    async pull(controller) {
      if (page === null) return;
      const text = page.items
        .map((item) => {
          const line = `${first ? '' : ',\n'}${JSON.stringify(item)}`;
          first = false;
          return line;
        })
        .join('');
      controller.enqueue(encoder.encode(text));
      if (page.next === null) {
        controller.enqueue(encoder.encode('\n]\n'));
        controller.close();
        page = null;
        return;
      }
      try {
        page = await pageAfter(page.next);
      } catch (cause) {
        controller.error(cause);
      }
    },
  });
  return new Response(body, { headers: headersFor('json') });
};
