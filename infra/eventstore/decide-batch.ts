import type { Decider, Folded } from './aggregate-cache.ts';
import type { DomainEvent } from './codec.ts';
import type { EventToAppend } from './event-store.ts';
import { deterministicId } from './ids.ts';

/** Who and what a command comes from; becomes the metadata of the events it produces. */
export interface CommandContext {
  /** Unique per command; a repeat of an id the stream has seen is already done. */
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly actor: string;
  readonly now: Date;
  /** W3C trace context the events carry (the command's span); set by the handler, not callers. */
  readonly traceparent?: string | undefined;
}

export interface Pending<C> {
  readonly command: C;
  readonly context: CommandContext;
}

/** How one command came out: its events (none: nothing to do, or already done), or a refusal. */
export type Outcome<E, S> =
  | { readonly kind: 'done'; readonly events: E[]; readonly state: S; readonly duplicate: boolean }
  | { readonly kind: 'refused'; readonly error: unknown };

export interface Decided<E extends DomainEvent, S> {
  readonly outcomes: Outcome<E, S>[];
  readonly toAppend: EventToAppend<E>[];
  /** The fold once every event to append is in. */
  readonly state: S;
  /** The command ids that produced `toAppend`: handled once (and only if) the append succeeds. */
  readonly added: ReadonlySet<string>;
}

/**
 * Decides a group of commands one after another, each on the state the one before it left: a
 * command id the stream (or the group) has seen is done already, and a command whose decision
 * throws is refused alone. Event ids derive from the command id, so an append sent twice is
 * stored once.
 */
export const decideBatch = <C, E extends DomainEvent, S>(
  decider: Decider<C, E, S>,
  folded: Folded<S>,
  batch: readonly Pending<C>[],
): Decided<E, S> => {
  let state = folded.state;
  const added = new Set<string>();
  const toAppend: EventToAppend<E>[] = [];
  const outcomes = batch.map(({ command, context }): Outcome<E, S> => {
    const { commandId } = context;
    if (folded.handled.has(commandId) || added.has(commandId))
      return { kind: 'done', events: [], state, duplicate: true };
    try {
      const events = decider.decide(command, state);
      for (const [index, event] of events.entries()) {
        state = decider.evolve(state, event);
        toAppend.push({
          event,
          id: deterministicId(commandId, index),
          metadata: metadataOf(context),
        });
      }
      if (events.length > 0) added.add(commandId);
      return { kind: 'done', events, state, duplicate: false };
    } catch (error) {
      return { kind: 'refused', error };
    }
  });
  return { outcomes, toAppend, state, added };
};

const metadataOf = (context: CommandContext) => ({
  $correlationId: context.correlationId,
  $causationId: context.causationId,
  actor: context.actor,
  occurredAt: context.now.toISOString(),
  commandId: context.commandId,
  ...(context.traceparent === undefined ? {} : { traceparent: context.traceparent }),
});
