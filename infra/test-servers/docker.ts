import { getContainerRuntimeClient } from 'testcontainers';

let answer: Promise<string | undefined> | undefined;

/**
 * Whether a Docker engine answers, asked once per process. Resolves to undefined when one does,
 * or to the reason it does not.
 */
export const dockerUnavailableReason = (): Promise<string | undefined> => {
  answer ??= (async () => {
    try {
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => {
          reject(new Error('no answer within 5 s'));
        }, 5_000).unref(),
      );
      await Promise.race([getContainerRuntimeClient(), timeout]);
      return undefined;
    } catch (error) {
      return `no Docker engine answers (${error instanceof Error ? error.message : String(error)})`;
    }
  })();
  return answer;
};
