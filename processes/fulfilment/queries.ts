import type { Fulfilment, SagaLine, Started } from './state.ts';

export const isOrderClosed = (state: Started): boolean =>
  state.order.status === 'cancelled' || state.order.status === 'rejected';

/** Placed or confirmed: the saga may move it on. */
export const isOrderOpen = (state: Started): boolean =>
  state.order.status === 'placed' || state.order.status === 'confirmed';

export const allReserved = (state: Started): boolean =>
  state.lines.every((line) => line.stock === 'reserved');

/** The refusal no later attempt can cure: the ship-to was erased with its customer's key. */
export const addressErased = 'address_erased';
export const isShippingHopeless = ({ shipping }: Started): boolean =>
  shipping.lastFailure?.reason === addressErased;

/** Stock the order holds. */
export const heldLines = (state: Started): SagaLine[] =>
  state.lines.filter((line) => line.stock === 'reserved');

/** Where the saga stands, for operators, auditors and error details. */
export const stageOf = (state: Fulfilment): string => {
  if (state.stage !== 'running') return state.stage;
  if (isOrderClosed(state)) return 'compensating';
  switch (state.order.status) {
    case 'placed':
      if (state.outOfStock !== null) return 'compensating';
      return allReserved(state) ? 'awaiting_payment' : 'reserving';
    case 'confirmed':
      return state.payment.status === 'authorized' ? 'picking' : 'shipping';
    case 'shipped':
      return 'in_transit';
    default:
      return 'finishing';
  }
};
