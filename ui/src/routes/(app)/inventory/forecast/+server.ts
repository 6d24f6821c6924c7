import { error } from '@sveltejs/kit';
import { apiFor } from '#lib/server/api.ts';
import { requireCapability } from '#lib/server/guard.ts';
import { demandForecastSchema, forecastCsv, horizons } from '../forecast.ts';
import type { RequestHandler } from './$types';

/** A sku's demand history and forecast as CSV (the chart's "CSV" button), read with the user's token. */
export const GET: RequestHandler = async (event) => {
  requireCapability(event, 'inventory');
  const sku = event.url.searchParams.get('sku');
  if (sku === null || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(sku)) error(400, 'no such sku');
  const horizon = horizons.find((h) => h === event.url.searchParams.get('horizon')) ?? '7';
  const { body } = await apiFor(event)
    .json(demandForecastSchema, '/api/analytics/demand-forecast', { query: { sku, horizon } })
    .catch(() => error(404, 'no forecast for this sku'));
  return new Response(forecastCsv(body), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="forecast-${sku}-${body.asOf}.csv"`,
    },
  });
};
