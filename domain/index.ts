export * from './catalog.ts';
export * from './events.ts';
export * from './inventory/index.ts';
export * from './order/index.ts';
export * from './payment/index.ts';
export * from './product/index.ts';
export * from './shared/index.ts';
export * from './streams.ts';
