/**
 * Runs the tasks given for one key one after another, tasks for other keys alongside. Checkout
 * reads the cart, places the order, then records it on the cart: two checkouts of one cart at
 * once (a double click with two keys) would both see the lines and place two orders. In one api
 * process they queue here, so the second finds the cart empty; across processes the cart's
 * expected revision still refuses the second record, and the route answers for the order it placed.
 */
export const oneAtATime = () => {
  const tails = new Map<string, Promise<unknown>>();
  return async <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const before = tails.get(key) ?? Promise.resolve();
    const run = before.then(task, task);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    try {
      return await run;
    } finally {
      // The last in line clears the key, so the map holds only customers checking out now.
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
};
