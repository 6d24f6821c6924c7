export * from './command.ts';
export * from './decider.ts';
export * from './errors.ts';
export * from './event.ts';
export * from './event-errors.ts';
export * from './id-set.ts';
export * from './money.ts';
