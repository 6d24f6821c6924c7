import type { ReadableSubscription } from '@eventstore/db-client';

interface CollectOptions<E> {
  /** Stop once this holds for the events collected so far (the last one included). */
  readonly until: (collected: readonly E[]) => boolean;
  /** What the test waits for, named in the timeout message. */
  readonly what: string;
  readonly timeoutMs?: number;
  /** Called after each event is collected, before `until` is checked. */
  readonly onEvent?: (event: E, collected: readonly E[]) => void;
}

/**
 * Collects what a catch-up subscription delivers until `until` holds, then unsubscribes. Fails with
 * the count collected when the subscription errors, ends early or times out.
 */
export const collectUntil = async <E>(
  subscription: ReadableSubscription<E>,
  { until, what, timeoutMs = 10_000, onEvent }: CollectOptions<E>,
): Promise<E[]> => {
  const collected: E[] = [];
  const timeout = new AbortController();
  const timer = setTimeout(() => {
    timeout.abort();
    subscription.destroy();
  }, timeoutMs);
  try {
    for await (const event of subscription) {
      collected.push(event);
      onEvent?.(event, collected);
      if (until(collected)) return collected;
    }
  } catch (error) {
    if (!timeout.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    await subscription.unsubscribe();
  }
  if (timeout.signal.aborted) {
    throw new Error(
      `timed out after ${timeoutMs} ms waiting for ${what} (${collected.length} events so far)`,
    );
  }
  throw new Error(`the subscription ended after ${collected.length} events, before ${what}`);
};

/** Collect options that stop at the event with this id (other tests append markers too). */
export const untilEventId = (id: string) => ({
  what: `event ${id}`,
  until: (events: readonly { event?: { id: string } }[]) =>
    events.some((resolved) => resolved.event?.id === id),
});
