import type { Command, Event } from '@event-driven-io/emmett';

export type PaymentAuthorized = Event<
  'PaymentAuthorized',
  { orderId: string; amount: number; currency: string; authorization: string; authorizedAt: string }
>;
export type PaymentEvent = PaymentAuthorized;

export type AuthorizePayment = Command<
  'AuthorizePayment',
  { orderId: string; amount: number; currency: string; authorization: string; now: string }
>;
export type PaymentCommand = AuthorizePayment;

export type Payment = { status: 'none' } | { status: 'authorized'; amount: number };

export const initialState = (): Payment => ({ status: 'none' });

// One event and one command: the switch a larger decider would need is not written yet.
export const evolve = (_state: Payment, event: PaymentEvent): Payment => ({
  status: 'authorized',
  amount: event.data.amount,
});

export const decide = (command: PaymentCommand, state: Payment): PaymentEvent[] => {
  if (state.status === 'authorized') return [];
  const { orderId, amount, currency, authorization, now } = command.data;
  return [
    {
      type: 'PaymentAuthorized',
      data: { orderId, amount, currency, authorization, authorizedAt: now },
    },
  ];
};
