export * from './commands.ts';
export { orderDecider } from './decide.ts';
export * from './errors.ts';
export * from './events.ts';
export { maxLineQuantity, maxOrderLines } from './place.ts';
export * from './ship-to.ts';
export { isTerminal, orderStatuses } from './state.ts';
export type { ExistingOrder, Order, OrderStatus, Shipment } from './state.ts';
export * from './view.ts';
