import { occurredAt } from '../shared/command.ts';
import { unreachable } from '../shared/decider.ts';
import type { Decider } from '../shared/decider.ts';
import { CurrencyMismatch } from '../shared/errors.ts';
import { subtractMoney } from '../shared/money.ts';
import type { Money } from '../shared/money.ts';
import type {
  AuthorizePayment,
  CapturePayment,
  PaymentCommand,
  RefundPayment,
  VoidAuthorization,
} from './commands.ts';
import {
  InvalidPaymentAmount,
  InvalidPaymentTransition,
  PaymentNotFound,
  RefundExceedsCapture,
} from './errors.ts';
import type { PaymentEvent } from './events.ts';
import { evolve, initialState } from './state.ts';
import type { Payment } from './state.ts';

type Existing = Exclude<Payment, { status: 'none' }>;

const existing = (state: Payment, orderId: string): Existing => {
  if (state.status === 'none') throw new PaymentNotFound(orderId);
  return state;
};
const refuse = (payment: { status: string }, command: PaymentCommand): never => {
  throw new InvalidPaymentTransition(command.data.orderId, payment.status, command.type);
};
const checkPositive = (orderId: string, amount: Money): void => {
  if (amount.amount <= 0) throw new InvalidPaymentAmount(orderId, amount);
};

const authorize = (command: AuthorizePayment, state: Payment): PaymentEvent[] => {
  const { orderId, amount, answer } = command.data;
  if (state.status === 'authorized' || state.status === 'captured') return [];
  if (state.status === 'voided') return refuse(state, command);
  checkPositive(orderId, amount);
  const at = occurredAt(command);
  return answer.outcome === 'authorized'
    ? [
        {
          type: 'PaymentAuthorized',
          data: { orderId, amount, authorizationId: answer.authorizationId, authorizedAt: at },
        },
      ]
    : [
        {
          type: 'PaymentDeclined',
          data: { orderId, amount, reason: answer.reason, declinedAt: at },
        },
      ];
};

const capture = (command: CapturePayment, state: Payment): PaymentEvent[] => {
  const payment = existing(state, command.data.orderId);
  if (payment.status === 'captured') return [];
  if (payment.status !== 'authorized') return refuse(payment, command);
  const data = {
    orderId: payment.orderId,
    amount: payment.amount,
    capturedAt: occurredAt(command),
  };
  return [{ type: 'PaymentCaptured', data }];
};

const voidAuthorization = (command: VoidAuthorization, state: Payment): PaymentEvent[] => {
  const payment = existing(state, command.data.orderId);
  if (payment.status === 'voided') return [];
  if (payment.status !== 'authorized') return refuse(payment, command);
  return [
    { type: 'AuthorizationVoided', data: { ...command.data, voidedAt: occurredAt(command) } },
  ];
};

const refund = (command: RefundPayment, state: Payment): PaymentEvent[] => {
  const { orderId, refundId, amount } = command.data;
  const payment = existing(state, orderId);
  if (payment.status !== 'captured') return refuse(payment, command);
  // A repeat first: once fully refunded, the same refund asked again must still be harmless.
  if (payment.refundIds.includes(refundId)) return [];
  checkPositive(orderId, amount);
  if (amount.currency !== payment.amount.currency) {
    throw new CurrencyMismatch(payment.amount.currency, amount.currency);
  }
  const refundable = subtractMoney(payment.amount, payment.refunded);
  if (amount.amount > refundable.amount)
    throw new RefundExceedsCapture(orderId, amount, refundable);
  return [
    {
      type: 'PaymentRefunded',
      data: { orderId, refundId, amount, refundedAt: occurredAt(command) },
    },
  ];
};

export const decide = (command: PaymentCommand, state: Payment): PaymentEvent[] => {
  switch (command.type) {
    case 'AuthorizePayment':
      return authorize(command, state);
    case 'CapturePayment':
      return capture(command, state);
    case 'VoidAuthorization':
      return voidAuthorization(command, state);
    case 'RefundPayment':
      return refund(command, state);
    default:
      return unreachable(command);
  }
};

export const paymentDecider: Decider<PaymentCommand, PaymentEvent, Payment> = {
  decide,
  evolve,
  initialState,
};
