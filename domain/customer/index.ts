export * from './commands.ts';
export { customerDecider } from './decide.ts';
export * from './email-claim.ts';
export * from './errors.ts';
export * from './events.ts';
export * from './sealed.ts';
export type { ActiveCustomer, Customer, CustomerAddress, ErasedCustomer } from './state.ts';
