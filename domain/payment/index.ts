export * from './commands.ts';
export { paymentDecider } from './decide.ts';
export * from './errors.ts';
export * from './events.ts';
export type * from './provider.ts';
export { authorizationIdempotencyKey, needsAuthorization } from './state.ts';
export type { Payment, PaymentStatus } from './state.ts';
