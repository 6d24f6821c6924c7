import { DomainError } from '../../domain/shared/errors.ts';

export class FulfilmentNotFound extends DomainError {
  constructor(orderId: string) {
    super('fulfilment_not_found', 'not_found', `Order ${orderId} has no fulfilment`, { orderId });
  }
}

/** An operator asked for something the saga's state does not allow (HTTP 409). */
// The request as an operator would name it; the code-like form stays in the details.
const requestInWords: Record<string, string> = {
  'retry inventory': 'Reserving the stock again',
  'retry payment': 'Retrying the payment',
  'retry shipping': 'Retrying the shipment',
  'compensate releaseStock': 'Releasing the stock',
  'compensate refundPayment': 'Refunding the payment',
};

export class OperatorRequestNotAllowed extends DomainError {
  constructor(orderId: string, request: string, stage: string, why: string) {
    super(
      'operator_request_not_allowed',
      'conflict',
      `${requestInWords[request] ?? request} is not possible now: ${why}.`,
      { orderId, request, stage, why },
    );
  }
}

export class OperatorRoleRequired extends DomainError {
  constructor(actorId: string) {
    super('operator_role_required', 'forbidden', `${actorId} is not an operator or admin`, {
      actorId,
    });
  }
}
