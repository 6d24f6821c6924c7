export type DomainErrorKind = 'not_found' | 'conflict' | 'forbidden' | 'invalid';

/**
 * A business refusal. `code` is stable and snake_case so clients can branch on it; `kind` is all
 * the API needs to choose an HTTP status; `details` are the facts behind the refusal, safe to show.
 */
export class DomainError extends Error {
  readonly code: string;
  readonly kind: DomainErrorKind;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: string,
    kind: DomainErrorKind,
    message: string,
    details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.kind = kind;
    this.details = details;
  }
}

export class CurrencyMismatch extends DomainError {
  constructor(expected: string, actual: string) {
    super('currency_mismatch', 'invalid', `Expected an amount in ${expected}, got ${actual}`, {
      expected,
      actual,
    });
  }
}

export class AmountOutOfRange extends DomainError {
  constructor(amount: number, currency: string) {
    super(
      'amount_out_of_range',
      'invalid',
      `${String(amount)} ${currency} is not a whole, non-negative, safe number of minor units`,
      { amount, currency },
    );
  }
}
