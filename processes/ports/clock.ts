/** Where the processes read the time, so tests can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until told to move: for tests and simulations. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  set(instant: Date): void;
}

export const manualClock = (start: Date): ManualClock => {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
    set: (instant) => {
      current = instant.getTime();
    },
  };
};
