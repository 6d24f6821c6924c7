import { unreachable } from '../shared/decider.ts';
import { addMoney, zeroMoney } from '../shared/money.ts';
import type { Money } from '../shared/money.ts';
import type { PaymentEvent } from './events.ts';

type Attempt = { orderId: string; amount: Money };
type Authorization = Attempt & { authorizationId: string };

export type Payment =
  | { status: 'none' }
  /** The last attempt was declined; `declines` counts them, so each retry gets a new key. */
  | (Attempt & { status: 'declined'; reason: string; declines: number })
  | (Authorization & { status: 'authorized' })
  | (Authorization & { status: 'captured'; refunded: Money; refundIds: readonly string[] })
  | (Authorization & { status: 'voided' });

export type PaymentStatus = Payment['status'];

export const initialState: Payment = { status: 'none' };

/** True when the caller should ask the provider: nothing authorized yet, or the last was declined. */
export const needsAuthorization = (state: Payment): boolean =>
  state.status === 'none' || state.status === 'declined';

/** The provider's idempotency key for the next authorization attempt of this order. */
export const authorizationIdempotencyKey = (orderId: string, state: Payment): string =>
  `${orderId}:authorize:${String((state.status === 'declined' ? state.declines : 0) + 1)}`;

/** Events that cannot follow the current status leave it unchanged (see the order's evolve). */
export const evolve = (state: Payment, event: PaymentEvent): Payment => {
  switch (event.type) {
    case 'PaymentAuthorized': {
      if (state.status !== 'none' && state.status !== 'declined') return state;
      const { orderId, amount, authorizationId } = event.data;
      return { status: 'authorized', orderId, amount, authorizationId };
    }
    case 'PaymentDeclined': {
      if (state.status !== 'none' && state.status !== 'declined') return state;
      const { orderId, amount, reason } = event.data;
      const declines = (state.status === 'declined' ? state.declines : 0) + 1;
      return { status: 'declined', orderId, amount, reason, declines };
    }
    case 'PaymentCaptured':
      if (state.status !== 'authorized') return state;
      return {
        ...state,
        status: 'captured',
        refunded: zeroMoney(state.amount.currency),
        refundIds: [],
      };
    case 'AuthorizationVoided':
      if (state.status !== 'authorized') return state;
      return { ...state, status: 'voided' };
    case 'PaymentRefunded':
      if (state.status !== 'captured') return state;
      return {
        ...state,
        refunded: addMoney(state.refunded, event.data.amount),
        refundIds: [...state.refundIds, event.data.refundId],
      };
    default:
      return unreachable(event);
  }
};
