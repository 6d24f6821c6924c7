import { describe, expect, it } from 'vitest';
import { fold } from '../shared/decider.ts';
import { spec } from '../shared/spec.ts';
import { paymentDecider } from './decide.ts';
import { InvalidPaymentAmount, InvalidPaymentTransition } from './errors.ts';
import { paymentEvents } from './events.ts';
import type { PaymentCommand } from './commands.ts';
import type { PaymentEvent } from './events.ts';
import type { AuthorizationAnswer } from './provider.ts';
import { at, by, declined, eur, histories, operator, orderId, saga, total } from './fixtures.ts';
import { authorizationIdempotencyKey, needsAuthorization } from './state.ts';

const payment = spec(paymentDecider, paymentEvents);
const approve: AuthorizationAnswer = { outcome: 'authorized', authorizationId: 'auth-9' };
const decline: AuthorizationAnswer = { outcome: 'declined', reason: 'card_expired' };
const authorize = (answer: AuthorizationAnswer, amount = total): PaymentCommand => ({
  type: 'AuthorizePayment',
  data: { orderId, amount, answer },
  metadata: by(saga, 5),
});

describe('AuthorizePayment', () => {
  it('records the provider’s authorization', () => {
    payment
      .given([])
      .when(authorize(approve))
      .thenEmits([
        {
          type: 'PaymentAuthorized',
          data: { orderId, amount: total, authorizationId: 'auth-9', authorizedAt: at(5) },
        },
      ]);
  });

  it('records the provider’s decline', () => {
    payment
      .given([])
      .when(authorize(decline))
      .thenEmits([
        {
          type: 'PaymentDeclined',
          data: { orderId, amount: total, reason: 'card_expired', declinedAt: at(5) },
        },
      ]);
  });

  it('lets an operator retry after a decline, however many times', () => {
    const retry = { ...authorize(approve), metadata: by(operator, 5) };
    payment
      .given([declined, declined])
      .when(retry)
      .thenEmits([
        {
          type: 'PaymentAuthorized',
          data: { orderId, amount: total, authorizationId: 'auth-9', authorizedAt: at(5) },
        },
      ]);
    payment
      .given([declined])
      .when(authorize(decline))
      .thenEmits([
        {
          type: 'PaymentDeclined',
          data: { orderId, amount: total, reason: 'card_expired', declinedAt: at(5) },
        },
      ]);
  });

  it.each(['authorized', 'captured'] as const)(
    'does nothing when the payment is already %s',
    (status) => {
      payment.given(histories[status]).when(authorize(approve)).thenNothing();
      payment.given(histories[status]).when(authorize(decline)).thenNothing();
    },
  );

  it('refuses to authorize again once the authorization was voided', () => {
    payment
      .given(histories.voided)
      .when(authorize(approve))
      .thenThrows(InvalidPaymentTransition, { status: 'voided', command: 'AuthorizePayment' });
  });

  it('refuses a zero amount', () => {
    payment
      .given([])
      .when(authorize(approve, eur(0)))
      .thenThrows(InvalidPaymentAmount, {
        orderId,
        amount: eur(0),
      });
  });
});

describe('needsAuthorization, so the caller skips the provider for a repeat', () => {
  it.each([
    ['none', true],
    ['declined', true],
    ['authorized', false],
    ['captured', false],
    ['voided', false],
  ] as const)('%s → %s', (status, expected) => {
    expect(needsAuthorization(fold(paymentDecider, histories[status]))).toBe(expected);
  });
});

describe('authorizationIdempotencyKey', () => {
  it('is stable for one attempt and new for each retry after a decline', () => {
    const key = (history: PaymentEvent[]) =>
      authorizationIdempotencyKey(orderId, fold(paymentDecider, history));
    expect(key([])).toBe('ord-1:authorize:1');
    expect(key([])).toBe(key([]));
    expect(key([declined])).toBe('ord-1:authorize:2');
    expect(key([declined, declined])).toBe('ord-1:authorize:3');
  });
});
