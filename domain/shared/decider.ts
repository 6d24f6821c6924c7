// Function-typed properties, not methods: deciders are plain data, and `decider.evolve` is
// passed around (to `reduce`, to projections) without a `this`.
export interface Decider<C, E, S> {
  readonly decide: (command: C, state: S) => E[];
  readonly evolve: (state: S, event: E) => S;
  readonly initialState: S;
}

/** The `default` of an exhaustive switch: TypeScript proves it is never reached. */
export const unreachable = (value: never): never => {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
};

/** The state after `events`, oldest first. */
export const fold = <C, E, S>(decider: Decider<C, E, S>, events: Iterable<E>): S => {
  let state = decider.initialState;
  for (const event of events) state = decider.evolve(state, event);
  return state;
};
