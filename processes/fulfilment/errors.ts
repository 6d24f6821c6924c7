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
