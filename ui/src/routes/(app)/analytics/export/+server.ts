import { error } from '@sveltejs/kit';
import { apiFor } from '#lib/server/api.ts';
import { requireCapability } from '#lib/server/guard.ts';
import { apiRangeOf, rangeOf } from '../range.ts';
import { reports } from '../report.ts';
import type { RequestHandler } from './$types';

/** A report's figures as the API writes them in CSV, downloaded with the user's token kept here. */
export const GET: RequestHandler = async (event) => {
  requireCapability(event, 'stats');
  const params = event.url.searchParams;
  const report = reports.find((name) => name === params.get('report'));
  if (report === undefined) error(400, 'no such report');
  const range = rangeOf(params, new Date());
  const category = params.get('category');
  const granularity = params.get('granularity');
  const response = await apiFor(event).raw(`/api/analytics/${report}`, {
    query: {
      ...apiRangeOf(range),
      format: 'csv',
      ...(category ? { category } : {}),
      ...(granularity ? { granularity } : {}),
    },
    headers: { accept: 'text/csv' },
  });
  if (!response.ok)
    error(response.status >= 500 ? 503 : response.status, 'the report could not be read');
  return new Response(response.body, {
    headers: {
      'content-type': response.headers.get('content-type') ?? 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${report}-${range.from}-${range.to}.csv"`,
    },
  });
};
