// Why an order ended, for people; the codes stay in tooltips and exports.

const words = (code: string): string => code.replaceAll('_', ' ');

const shortage = /^(.+): (\d+) requested, (\d+) available$/;

/** A rejection's reason and detail as a sentence, e.g. "Not enough stock: 10 of SKU-10 asked for, 5 left." */
export const rejectionInWords = (
  reason: string | null | undefined,
  detail: string | null | undefined,
): string => {
  switch (reason) {
    case 'out_of_stock': {
      const match = shortage.exec(detail ?? '');
      if (match === null) return detail ? `Not enough stock (${detail}).` : 'Not enough stock.';
      const [, sku, requested, available] = match;
      return `Not enough stock: ${requested} of ${sku} asked for, ${available === '0' ? 'none' : available} left.`;
    }
    case 'payment_declined':
      return detail ? `The payment was declined (${words(detail)}).` : 'The payment was declined.';
    case 'payment_timeout':
      return 'No payment was authorized in time.';
    case 'fraud_review':
      return detail?.startsWith('no review')
        ? 'Held for a fraud review that nobody made in time.'
        : 'Rejected after a fraud review.';
    case null:
    case undefined:
      return detail ?? '';
    default:
      return detail ? `${words(reason)} (${detail})` : words(reason);
  }
};
