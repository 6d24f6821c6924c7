import { DomainError } from '../shared/errors.ts';

export class CustomerNotFound extends DomainError {
  constructor(customerId: string) {
    super('customer_not_found', 'not_found', `Customer ${customerId} does not exist`, {
      customerId,
    });
  }
}

export class CustomerAlreadyRegistered extends DomainError {
  constructor(customerId: string) {
    super('customer_already_registered', 'conflict', `Customer ${customerId} already exists`, {
      customerId,
    });
  }
}

/** The e-mail (by its keyed hash, never in clear) belongs to another account. */
export class EmailAlreadyRegistered extends DomainError {
  constructor() {
    super('email_already_registered', 'conflict', 'An account with this e-mail already exists');
  }
}

/** Erased is final: the personal data is gone, so nothing may be added back to the account. */
export class CustomerWasErased extends DomainError {
  constructor(customerId: string) {
    super('customer_erased', 'conflict', `Customer ${customerId} was erased`, { customerId });
  }
}

export class AddressNotFound extends DomainError {
  constructor(customerId: string, addressId: string) {
    super('address_not_found', 'not_found', `Customer ${customerId} has no address ${addressId}`, {
      customerId,
      addressId,
    });
  }
}

export class TooManyAddresses extends DomainError {
  constructor(customerId: string, max: number) {
    super('too_many_addresses', 'invalid', `A customer keeps at most ${String(max)} addresses`, {
      customerId,
      max,
    });
  }
}

/** Only the customer themself (or, for some commands, an admin) may do this. */
export class NotYourAccount extends DomainError {
  constructor(customerId: string, command: string) {
    super('not_your_account', 'forbidden', `${command} is not allowed on customer ${customerId}`, {
      customerId,
      command,
    });
  }
}
