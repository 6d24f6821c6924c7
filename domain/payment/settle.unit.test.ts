import { describe, it } from 'vitest';
import { CurrencyMismatch } from '../shared/errors.ts';
import { spec } from '../shared/spec.ts';
import { paymentDecider } from './decide.ts';
import {
  InvalidPaymentAmount,
  InvalidPaymentTransition,
  PaymentNotFound,
  RefundExceedsCapture,
} from './errors.ts';
import { paymentEvents } from './events.ts';
import type { PaymentCommand } from './commands.ts';
import { admin, at, by, eur, histories, orderId, refunded, saga, total } from './fixtures.ts';

const payment = spec(paymentDecider, paymentEvents);
const capture: PaymentCommand = {
  type: 'CapturePayment',
  data: { orderId },
  metadata: by(saga, 5),
};
const voidIt: PaymentCommand = {
  type: 'VoidAuthorization',
  data: { orderId },
  metadata: by(saga, 5),
};
const refund = (
  refundId: string,
  amount: { amount: number; currency: string },
): PaymentCommand => ({
  type: 'RefundPayment',
  data: { orderId, refundId, amount },
  metadata: by(admin, 5),
});

describe('CapturePayment', () => {
  it('captures the authorized amount', () => {
    payment
      .given(histories.authorized)
      .when(capture)
      .thenEmits([
        { type: 'PaymentCaptured', data: { orderId, amount: total, capturedAt: at(5) } },
      ]);
  });

  it('does nothing when already captured', () => {
    payment.given(histories.captured).when(capture).thenNothing();
  });

  it.each(['declined', 'voided'] as const)('refuses a %s payment', (status) => {
    payment
      .given(histories[status])
      .when(capture)
      .thenThrows(InvalidPaymentTransition, { status, command: 'CapturePayment' });
  });

  it('refuses when there is no payment', () => {
    payment.given([]).when(capture).thenThrows(PaymentNotFound, { orderId });
  });
});

describe('VoidAuthorization', () => {
  it('voids an authorization', () => {
    payment
      .given(histories.authorized)
      .when(voidIt)
      .thenEmits([{ type: 'AuthorizationVoided', data: { orderId, voidedAt: at(5) } }]);
  });

  it('does nothing when already voided', () => {
    payment.given(histories.voided).when(voidIt).thenNothing();
  });

  it.each(['declined', 'captured'] as const)('refuses a %s payment', (status) => {
    payment
      .given(histories[status])
      .when(voidIt)
      .thenThrows(InvalidPaymentTransition, { status, command: 'VoidAuthorization' });
  });

  it('refuses when there is no payment', () => {
    payment.given([]).when(voidIt).thenThrows(PaymentNotFound);
  });
});

describe('RefundPayment', () => {
  it('refunds part of a captured payment', () => {
    payment
      .given(histories.captured)
      .when(refund('rf-1', eur(1000)))
      .thenEmits([
        {
          type: 'PaymentRefunded',
          data: { orderId, refundId: 'rf-1', amount: eur(1000), refundedAt: at(5) },
        },
      ]);
  });

  it('refunds up to exactly what is left', () => {
    payment
      .given([...histories.captured, refunded('rf-1', 5000)])
      .when(refund('rf-2', eur(248)))
      .thenEmits([
        {
          type: 'PaymentRefunded',
          data: { orderId, refundId: 'rf-2', amount: eur(248), refundedAt: at(5) },
        },
      ]);
  });

  it('refuses more than was captured less what was refunded', () => {
    payment
      .given(histories.captured)
      .when(refund('rf-1', eur(5249)))
      .thenThrows(RefundExceedsCapture, { requested: eur(5249), refundable: eur(5248) });
    payment
      .given([...histories.captured, refunded('rf-1', 5000)])
      .when(refund('rf-2', eur(249)))
      .thenThrows(RefundExceedsCapture, { refundable: eur(248) });
  });

  it('does nothing when the same refund is asked again, even once fully refunded', () => {
    payment
      .given([...histories.captured, refunded('rf-1', 5248)])
      .when(refund('rf-1', eur(5248)))
      .thenNothing();
  });

  it('refuses a zero refund and a refund in another currency', () => {
    payment
      .given(histories.captured)
      .when(refund('rf-1', eur(0)))
      .thenThrows(InvalidPaymentAmount);
    payment
      .given(histories.captured)
      .when(refund('rf-1', { amount: 100, currency: 'USD' }))
      .thenThrows(CurrencyMismatch, { expected: 'EUR', actual: 'USD' });
  });

  it.each(['declined', 'authorized', 'voided'] as const)(
    'refuses a %s payment: only captured money can be refunded',
    (status) => {
      payment
        .given(histories[status])
        .when(refund('rf-1', eur(100)))
        .thenThrows(InvalidPaymentTransition, { status, command: 'RefundPayment' });
    },
  );

  it('refuses when there is no payment', () => {
    payment
      .given([])
      .when(refund('rf-1', eur(100)))
      .thenThrows(PaymentNotFound);
  });
});
