export * from './customers-documents.ts';
export * from './sales-documents.ts';
export { analyticsCustomers } from './customers.ts';
export { analyticsSales } from './sales.ts';
export * from './time.ts';
