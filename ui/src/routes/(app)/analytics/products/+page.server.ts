import { loadReport } from '../report.ts';
import { productsSchema } from '../schemas.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const category = (event.url.searchParams.get('category') ?? '').trim().slice(0, 80);
  const extra: Record<string, string> = category === '' ? {} : { category };
  return { ...(await loadReport(event, 'products', productsSchema, extra)), category };
};
