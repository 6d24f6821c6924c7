import type { Fulfilment, SagaLine, Started } from './state.ts';

export const isOrderClosed = (state: Started): boolean =>
  state.order.status === 'cancelled' || state.order.status === 'rejected';

/** Placed or confirmed, and the saga has not asked to close it: the saga may move it on. */
export const isOrderOpen = (state: Started): boolean =>
  (state.order.status === 'placed' || state.order.status === 'confirmed') &&
  state.order.closing === null;

export const allReserved = (state: Started): boolean =>
  state.lines.every((line) => line.stock === 'reserved');

/** Stock the saga holds for the order and is not already giving back. */
export const heldLines = (state: Started): SagaLine[] =>
  state.lines.filter((line) => line.stock === 'reserved' && line.pending === 'none');

/** Where the saga stands, for operators and error details. */
export const stageOf = (state: Fulfilment): string => {
  if (state.stage !== 'running') return state.stage;
  if (isOrderClosed(state) || state.order.closing !== null) return 'compensating';
  switch (state.order.status) {
    case 'placed':
      return allReserved(state) ? 'awaiting_payment' : 'reserving';
    case 'confirmed':
      return 'shipping';
    case 'shipped':
      return 'in_transit';
    default:
      return 'finishing';
  }
};
