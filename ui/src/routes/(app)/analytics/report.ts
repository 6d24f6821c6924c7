import type { RequestEvent } from '@sveltejs/kit';
import type { ResolvedPathname } from '$app/types';
import type * as z from 'zod/mini';
import { apiFor } from '#lib/server/api.ts';
import { pageFailure, requireCapability } from '#lib/server/guard.ts';
import { analyticsLink } from './links.ts';
import { apiRangeOf, rangeOf, searchOfRange, type RangeChoice } from './range.ts';

export const reports = [
  'summary',
  'sales',
  'products',
  'customers',
  'carts',
  'fulfilment',
] as const;
export type Report = (typeof reports)[number];

/** One analytics answer for the page's range, with the range and where its CSV is. */
export const loadReport = async <S extends z.ZodMiniType>(
  event: RequestEvent,
  report: Report,
  schema: S,
  extra: Record<string, string> = {},
): Promise<{ report: z.infer<S>; range: RangeChoice; csv: ResolvedPathname }> => {
  requireCapability(event, 'stats');
  const range = rangeOf(event.url.searchParams, new Date());
  const query = { ...apiRangeOf(range), ...extra };
  try {
    const { body } = await apiFor(event).json(schema, `/api/analytics/${report}`, { query });
    const search = searchOfRange(range, { report, ...extra });
    return { report: body, range, csv: analyticsLink('export', search) };
  } catch (cause) {
    return pageFailure(event, cause);
  }
};
