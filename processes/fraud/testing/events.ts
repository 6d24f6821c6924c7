// Events as the fraud fold takes them, built from the few fields a specification cares about.

export type FoldEvent = {
  readonly type: string;
  readonly data: unknown;
  readonly occurredAt: string;
};

const base = Date.UTC(2026, 2, 2, 12, 0, 0);
/** A business time `minutes` after noon on a fixed Monday, ISO. */
export const at = (minutes: number): string => new Date(base + minutes * 60_000).toISOString();

export const placed = (
  orderId: string,
  customerId: string,
  minutes: number,
  options: { euros?: number; quantities?: readonly number[] } = {},
): FoldEvent => {
  const quantities = options.quantities ?? [1];
  const amount = Math.round((options.euros ?? 50) * 100);
  return {
    type: 'OrderPlaced',
    occurredAt: at(minutes),
    data: {
      orderId,
      customerId,
      lines: quantities.map((quantity, index) => ({
        sku: `SKU-${String(index)}`,
        name: `Item ${String(index)}`,
        quantity,
        unitPrice: { amount: Math.round(amount / quantities.length / quantity), currency: 'EUR' },
        lineTotal: { amount: Math.round(amount / quantities.length), currency: 'EUR' },
      })),
      total: { amount, currency: 'EUR' },
      placedAt: at(minutes),
    },
  };
};

export const declined = (orderId: string, minutes: number): FoldEvent => ({
  type: 'PaymentDeclined',
  occurredAt: at(minutes),
  data: {
    orderId,
    amount: { amount: 5000, currency: 'EUR' },
    reason: 'card_declined',
    declinedAt: at(minutes),
  },
});

export const authorized = (orderId: string, minutes: number): FoldEvent => ({
  type: 'PaymentAuthorized',
  occurredAt: at(minutes),
  data: { orderId, amount: { amount: 5000, currency: 'EUR' }, authorizationId: 'a-1' },
});

/** A shipping address added to the customer's account (its sealed fields left out). */
export const addressAdded = (customerId: string, minutes: number): FoldEvent => ({
  type: 'CustomerAddressAdded',
  occurredAt: at(minutes),
  data: { customerId, addressId: `addr-${String(minutes)}` },
});
