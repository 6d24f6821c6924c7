import type { TimeFormatter } from './format.ts';
import type { Waiting } from './schemas/orders.ts';

type Audience = 'customer' | 'staff';

/** A wait in words, with its deadline in the page's time zone; what happens then, if anything. */
export const waitingSentence = (
  waiting: NonNullable<Waiting>,
  times: TimeFormatter,
  audience: Audience,
): string => {
  const until = waiting.until === null ? null : times.minute(waiting.until);
  const customer = audience === 'customer';
  switch (waiting.for) {
    case 'stock':
      return 'Reserving the stock for this order.';
    case 'payment':
      return until === null
        ? 'Waiting for the payment to be authorized.'
        : `Waiting for the payment to be authorized, until ${until}; without it the order is rejected then.`;
    case 'payment_retry':
      return customer
        ? `The payment was declined. It can be retried until ${until ?? 'shortly'}; after that the order is rejected.`
        : `Payment declined: waiting for a retry until ${until ?? 'shortly'}, then the order is rejected. Retry the payment if the customer has fixed it.`;
    case 'review':
      return customer
        ? 'We are checking this order before confirming it; your payment is authorized, not taken.'
        : `Held for fraud review: approve or reject it on the Fraud review page before ${until ?? 'the review times out'}, or it is rejected then.`;
    case 'picking':
      return until === null
        ? 'The warehouse is picking and packing this order.'
        : `The warehouse is picking and packing this order; it goes to the carrier at about ${until}.${customer ? ' You can still cancel until then.' : ''}`;
    case 'shipping_retry':
      return `The carrier refused the parcel; it is tried again at ${until ?? 'shortly'}.`;
    case 'shipping_failed':
      return customer
        ? 'The carrier could not take the parcel; the order is being cancelled and refunded.'
        : 'The carrier refused the parcel every time: the order will be cancelled and refunded unless you retry the shipment.';
    case 'delivery':
      return 'On its way with the carrier.';
    case 'compensation':
      return 'Undoing what was done: releasing the stock and returning the payment.';
    default:
      return until === null ? 'In progress.' : `In progress, until ${until}.`;
  }
};

/** The stepper's short note for the step that waits. */
export const waitingNote = (waiting: NonNullable<Waiting>, times: TimeFormatter): string => {
  const until = waiting.until === null ? null : times.minute(waiting.until);
  const by = until === null ? '' : ` until ${until}`;
  switch (waiting.for) {
    case 'payment_retry':
      return `declined — waiting for a retry${by}`;
    case 'payment':
      return `waiting for authorization${by}`;
    case 'review':
      return `held for review${by}`;
    case 'picking':
      return until === null ? 'picking and packing' : `to the carrier at about ${until}`;
    case 'shipping_retry':
      return `refused by the carrier — trying again${until === null ? '' : ` at ${until}`}`;
    case 'shipping_failed':
      return 'refused by the carrier';
    default:
      return 'waiting…';
  }
};
