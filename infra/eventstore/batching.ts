const idle = Symbol('idle');

/**
 * Pulls from an async iterator in batches: the first item is awaited, then every item that is
 * already waiting (available before the next macrotask) joins the batch, up to `max`. So a
 * subscription catching up yields big batches and a live one yields events as they come.
 */
export async function* batches<T>(source: AsyncIterable<T>, max: number): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  try {
    let pending = iterator.next();
    for (;;) {
      const first = await pending;
      if (first.done === true) return;
      const batch = [first.value];
      pending = iterator.next();
      let ended = false;
      while (batch.length < max) {
        const next = await Promise.race([pending, nextMacrotask()]);
        if (next === idle) break;
        if (next.done === true) {
          ended = true;
          break;
        }
        batch.push(next.value);
        pending = iterator.next();
      }
      yield batch;
      if (ended) return;
    }
  } finally {
    await iterator.return?.();
  }
}

const nextMacrotask = (): Promise<typeof idle> =>
  new Promise((resolve) => {
    setImmediate(() => {
      resolve(idle);
    });
  });
