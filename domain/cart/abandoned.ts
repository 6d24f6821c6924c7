/**
 * Cart abandonment is a reading of the log, not an event: a cart that holds lines and has not
 * changed for `afterHours` counts as abandoned. Nothing happens to the cart itself (the customer
 * may come back to it), so no event records it; analytics derive it from the time of the cart's
 * last event (its `occurredAt`).
 */
export const defaultAbandonedAfterHours = 24;

export const isAbandoned = (
  cart: { lineCount: number; lastChangedAt: Date },
  now: Date,
  afterHours = defaultAbandonedAfterHours,
): boolean =>
  cart.lineCount > 0 && now.getTime() - cart.lastChangedAt.getTime() >= afterHours * 3_600_000;

/**
 * The share of carts that were filled and then left: abandoned / (abandoned + checked out),
 * null when there is neither.
 */
export const abandonmentRate = (counts: {
  abandoned: number;
  checkedOut: number;
}): number | null => {
  const total = counts.abandoned + counts.checkedOut;
  return total === 0 ? null : counts.abandoned / total;
};
