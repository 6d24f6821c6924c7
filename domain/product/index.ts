export * from './commands.ts';
export { productDecider } from './decide.ts';
export * from './errors.ts';
export * from './events.ts';
export type { ListedProduct, ProductState, ProductDetails } from './state.ts';
