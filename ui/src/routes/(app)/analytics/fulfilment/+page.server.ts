import { loadReport } from '../report.ts';
import { fulfilmentSchema } from '../schemas.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadReport(event, 'fulfilment', fulfilmentSchema);
