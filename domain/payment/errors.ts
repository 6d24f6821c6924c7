import { DomainError } from '../shared/errors.ts';
import type { Money } from '../shared/money.ts';

const show = ({ amount, currency }: Money): string => `${amount} ${currency} minor units`;

export class PaymentNotFound extends DomainError {
  constructor(orderId: string) {
    super('payment_not_found', 'not_found', `Order ${orderId} has no payment`, { orderId });
  }
}

/** The command does not apply to a payment in this status. */
export class InvalidPaymentTransition extends DomainError {
  constructor(orderId: string, status: string, command: string) {
    super(
      'invalid_payment_transition',
      'conflict',
      `${command} is not allowed on the payment of order ${orderId} while it is ${status}`,
      { orderId, status, command },
    );
  }
}

export class InvalidPaymentAmount extends DomainError {
  constructor(orderId: string, amount: Money) {
    super(
      'invalid_payment_amount',
      'invalid',
      `The payment of order ${orderId} needs a positive amount, not ${show(amount)}`,
      { orderId, amount },
    );
  }
}

export class RefundExceedsCapture extends DomainError {
  constructor(orderId: string, requested: Money, refundable: Money) {
    super(
      'refund_exceeds_capture',
      'conflict',
      `Refund of ${show(requested)} for order ${orderId} exceeds the ${show(refundable)} left to refund`,
      { orderId, requested, refundable },
    );
  }
}
