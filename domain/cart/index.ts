export * from './abandoned.ts';
export * from './commands.ts';
export { cartDecider, maxCartLines, maxCartQuantity } from './decide.ts';
export * from './errors.ts';
export * from './events.ts';
export { linesOf, type Cart } from './state.ts';
