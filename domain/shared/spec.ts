// Test support only: given/when/then on events. Production code never imports this file.
import { expect } from 'vitest';
import type { Decider } from './decider.ts';
import { DomainError } from './errors.ts';
import type { AnyEvent, EventRegistry } from './event.ts';

type DomainErrorClass = abstract new (...args: never[]) => DomainError;

/** What a stored event reads back as: JSON through the registry at its current version. */
const roundTrip = <E extends AnyEvent>(registry: EventRegistry<E>, event: E): E => {
  const { type, schemaVersion, data } = registry.encode(event);
  return registry.parse(type, schemaVersion, JSON.parse(JSON.stringify(data)));
};

/**
 * `spec(decider, registry).given(history).when(command).thenEmits(events)`. Every event, given or
 * emitted, also goes through its schema and JSON, so a spec fails when an event could not be
 * stored and read back as it is.
 */
export const spec = <C, E extends AnyEvent, S>(
  decider: Decider<C, E, S>,
  registry: EventRegistry<E>,
) => ({
  given: (history: readonly E[]) => {
    const state = history
      .map((event) => roundTrip(registry, event))
      .reduce(decider.evolve, decider.initialState);
    return {
      state,
      when: (command: C) => ({
        thenEmits: (expected: readonly E[]): void => {
          const events = decider.decide(command, state);
          expect(events).toEqual(expected);
          for (const event of events) expect(roundTrip(registry, event)).toEqual(event);
        },
        /** The command is a repeat (or has nothing to do): accepted, and nothing is written. */
        thenNothing: (): void => {
          expect(decider.decide(command, state)).toEqual([]);
        },
        thenThrows: (
          errorClass: DomainErrorClass,
          details?: Readonly<Record<string, unknown>>,
        ): void => {
          let events: E[] | undefined;
          let error: unknown;
          try {
            events = decider.decide(command, state);
          } catch (caught) {
            error = caught;
          }
          expect(events, `expected ${errorClass.name}, but it emitted`).toBeUndefined();
          expect(error).toBeInstanceOf(errorClass);
          if (details !== undefined && error instanceof DomainError) {
            expect(error.details).toMatchObject(details);
          }
        },
      }),
    };
  },
});
