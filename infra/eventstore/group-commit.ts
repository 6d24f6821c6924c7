/**
 * Group commit: the first item for a key runs at once; items for that key that arrive while a
 * run is under way wait, and the next run takes all of them (up to `max`) together. `run` settles
 * its own items and must not throw.
 */
export const groupCommit = <T>(
  max: number,
  run: (key: string, items: T[]) => Promise<void>,
): ((key: string, item: T) => void) => {
  const queues = new Map<string, T[]>();
  const drain = async (key: string, queue: T[]) => {
    try {
      while (queue.length > 0) await run(key, queue.splice(0, max));
    } finally {
      queues.delete(key);
    }
  };
  return (key, item) => {
    const queue = queues.get(key);
    if (queue !== undefined) {
      queue.push(item);
      return;
    }
    const fresh = [item];
    queues.set(key, fresh);
    void drain(key, fresh);
  };
};
