import { loadReport } from './report.ts';
import { summarySchema } from './schemas.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadReport(event, 'summary', summarySchema);
