/** Resolves after `ms` milliseconds; used only where a test must show that nothing more arrives. */
export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/**
 * Polls `condition` every 25 ms until it holds, or fails with `what` after `timeoutMs`. The
 * message names what was awaited, so a failing contract test says which promise the server broke.
 */
export const waitFor = async (
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
};

/** Resolves when `emitter` emits `event`, or fails with `what` after `timeoutMs`. */
export const onceWithin = (
  emitter: NodeJS.EventEmitter,
  event: string,
  what: string,
  timeoutMs = 5_000,
): Promise<void> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    emitter.once(event, () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** `promise`'s outcome, or a failure naming `what` if it takes longer than `timeoutMs`. */
export const within = async <T>(
  promise: Promise<T>,
  what: string,
  timeoutMs = 5_000,
): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
};

/** The first error `emitter` emits, within `timeoutMs`. */
export const firstError = (
  emitter: NodeJS.EventEmitter,
  what: string,
  timeoutMs = 5_000,
): Promise<unknown> =>
  within(
    new Promise<unknown>((resolve) => {
      emitter.once('error', resolve);
    }),
    what,
    timeoutMs,
  );
