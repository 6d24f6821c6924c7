import { loadReport } from '../report.ts';
import { customersSchema } from '../schemas.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadReport(event, 'customers', customersSchema);
