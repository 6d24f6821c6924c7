export * from './carts-documents.ts';
export * from './customers-documents.ts';
export * from './sales-documents.ts';
export { analyticsCarts } from './carts.ts';
export { analyticsCustomers } from './customers.ts';
export { analyticsSales } from './sales.ts';
export * from './time.ts';
