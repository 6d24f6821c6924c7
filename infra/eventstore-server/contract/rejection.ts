/**
 * The error `promise` rejects with, checked to be a `type`. Fails the test, naming what happened
 * instead, when the promise resolves or rejects with anything else.
 */
export const rejectionOf = async <E extends Error>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof type) return error;
    const got =
      error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
    throw new Error(`expected ${type.name}, got ${got}`, { cause: error });
  }
  throw new Error(`expected ${type.name}, but the call succeeded`);
};
