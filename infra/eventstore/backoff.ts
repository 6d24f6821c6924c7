/** Exponential backoff with full jitter, capped: attempt 0 waits up to `base`. */
export const backoffDelay = (attempt: number, base = 100, cap = 10_000): number =>
  Math.round(Math.random() * Math.min(cap, base * 2 ** Math.min(attempt, 20)));

/** Resolves after `ms`, or at once when the signal aborts (it never rejects). */
export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
