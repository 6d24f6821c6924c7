import { loadReport } from '../report.ts';
import { salesSchema } from '../schemas.ts';
import type { PageServerLoad } from './$types';

const granularities = ['day', 'week', 'month'] as const;

export const load: PageServerLoad = async (event) => {
  const asked = event.url.searchParams.get('granularity');
  const granularity = granularities.find((g) => g === asked) ?? 'day';
  const extra: Record<string, string> = granularity === 'day' ? {} : { granularity };
  return { ...(await loadReport(event, 'sales', salesSchema, extra)), granularity, granularities };
};
