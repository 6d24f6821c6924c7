import { loadReport } from '../report.ts';
import { cartsSchema, customersSchema } from '../schemas.ts';
import type { PageServerLoad } from './$types';

// Carts are the customers' too: their figures (GET /api/analytics/carts) share this page.
export const load: PageServerLoad = async (event) => {
  const [customers, carts] = await Promise.all([
    loadReport(event, 'customers', customersSchema),
    loadReport(event, 'carts', cartsSchema),
  ]);
  return { ...customers, carts: { report: carts.report, csv: carts.csv } };
};
