import { DomainError } from '../../domain/shared/errors.ts';

/** The provider said no to a capture, void or refund (e.g. capture after a void): an answer. */
export class PaymentRefused extends DomainError {
  constructor(operation: string, orderId: string, reason: string) {
    super(
      'payment_refused',
      'conflict',
      `The provider refused to ${operation} for ${orderId}: ${reason}`,
      {
        operation,
        orderId,
        reason,
      },
    );
  }
}

/** The provider could not be reached or timed out: nothing is known to have happened. */
export class ProviderUnavailable extends Error {
  constructor(operation: string) {
    super(`payment provider unavailable during ${operation}`);
    this.name = 'ProviderUnavailable';
  }
}
