import { DomainError } from '../../domain/shared/errors.ts';

export class FulfilmentNotFound extends DomainError {
  constructor(orderId: string) {
    super('fulfilment_not_found', 'not_found', `Order ${orderId} has no fulfilment`, { orderId });
  }
}

/** An operator asked for something the saga's state does not allow (HTTP 409). */
export class OperatorRequestNotAllowed extends DomainError {
  constructor(orderId: string, request: string, stage: string, why: string) {
    super(
      'operator_request_not_allowed',
      'conflict',
      `${request} is not allowed on the fulfilment of order ${orderId} (${stage}): ${why}`,
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

/**
 * An input for an order whose OrderPlaced the saga has not seen yet (it was redelivered out of
 * order). Not a business refusal and not poison: retried, it succeeds once OrderPlaced is in.
 */
export class InputBeforeStart extends Error {
  readonly inputType: string;
  constructor(inputType: string) {
    super(`${inputType} arrived before the saga saw OrderPlaced; it will be retried`);
    this.name = 'InputBeforeStart';
    this.inputType = inputType;
  }
}
