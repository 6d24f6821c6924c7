import { invalidate } from '$app/navigation';

/**
 * Re-runs the loads that depend on `key`, one run at a time: a request made while one runs is
 * kept and done once after it (SvelteKit would otherwise abort the running one), and requests
 * close together are merged (`delayMs`).
 */
export const refresher = (key: `${string}:${string}`, delayMs = 250) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let again = false;
  let stopped = false;

  const run = async (): Promise<void> => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      await invalidate(key);
    } finally {
      running = false;
      if (again) {
        again = false;
        void run();
      }
    }
  };

  return {
    soon(): void {
      clearTimeout(timer);
      timer = setTimeout(() => void run(), delayMs);
    },
    stop(): void {
      stopped = true;
      clearTimeout(timer);
    },
  };
};
