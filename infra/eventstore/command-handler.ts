import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import { AggregateCache, type Decider, type Folded } from './aggregate-cache.ts';
import { backoffDelay, sleep } from './backoff.ts';
import type { DomainEvent, EventCodec } from './codec.ts';
import { StreamConflict, type EventStore, type EventToAppend } from './event-store.ts';
import { deterministicId } from './ids.ts';
import type { LogPosition } from './recorded.ts';

export type { Decider } from './aggregate-cache.ts';

/** Who and what a command comes from; becomes the metadata of the events it produces. */
export interface CommandContext {
  /** Unique per command; a repeat of an id the stream has seen is already done. */
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly actor: string;
  readonly now: Date;
}

export interface CommandResult<E extends DomainEvent, S> {
  /** The events this command appended (none: nothing to do, or already done). */
  readonly events: readonly E[];
  readonly alreadyHandled: boolean;
  readonly state: S;
  readonly revision: number | undefined;
  readonly position: LogPosition | undefined;
}

/** Other writers kept winning: the command was not applied and may be sent again. */
export class ConcurrencyExhausted extends Error {
  readonly stream: string;
  constructor(stream: string, attempts: number) {
    super(`stream ${stream} kept changing under us; gave up after ${attempts} attempts`);
    this.name = 'ConcurrencyExhausted';
    this.stream = stream;
  }
}

export interface CommandHandlerOptions<C, E extends DomainEvent, S> {
  /** Names the aggregate in logs and metrics, e.g. 'inventory'. */
  readonly name: string;
  readonly store: EventStore;
  readonly decider: Decider<C, E, S>;
  readonly codec: EventCodec<E>;
  /** Commands decided together and appended in one append; 1 turns group commit off. */
  readonly maxBatch?: number;
  readonly maxAttempts?: number;
  readonly cacheSize?: number;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

export interface CommandHandler<C, E extends DomainEvent, S> {
  /**
   * `newStream`: the caller made the stream name up just now (a fresh UUID), so the read before
   * deciding is skipped; should the stream exist after all, the append's conflict says so and the
   * command is decided again on what was read.
   */
  handle(
    stream: string,
    command: C,
    context: CommandContext,
    options?: { newStream?: boolean },
  ): Promise<CommandResult<E, S>>;
  /** The aggregate as the store has it now. */
  load(stream: string): Promise<Folded<S>>;
  stats(): { readonly appends: number; readonly conflicts: number };
}

interface Waiting<C, E extends DomainEvent, S> {
  readonly command: C;
  readonly context: CommandContext;
  readonly newStream: boolean;
  resolve(result: CommandResult<E, S>): void;
  reject(error: unknown): void;
}

/**
 * Read, fold, decide, append with the expected revision; on a conflict read what is new and
 * decide again, a bounded number of times. Commands for a stream that arrive while an append for
 * it is in flight wait in that stream's queue; the next round decides them one after another
 * against the folded state and appends all their events in one append (group commit).
 */
export const createCommandHandler = <C, E extends DomainEvent, S>(
  options: CommandHandlerOptions<C, E, S>,
): CommandHandler<C, E, S> => {
  const { name, store, decider, codec } = options;
  const maxBatch = options.maxBatch ?? 500;
  const maxAttempts = options.maxAttempts ?? 8;
  const cache = new AggregateCache(store, decider, codec, options.cacheSize ?? 10_000);
  const queues = new Map<string, Waiting<C, E, S>[]>();
  const counters = { appends: 0, conflicts: 0 };
  const commands = options.metrics.counter('commands_total', 'Commands by aggregate and outcome', [
    'aggregate',
    'outcome',
  ]);
  const conflicts = options.metrics.counter(
    'command_conflicts_total',
    'Appends retried after a concurrency conflict',
    ['aggregate'],
  );
  const batchSizes = options.metrics.histogram(
    'command_batch_size',
    'Commands decided per append',
    ['aggregate'],
    [1, 2, 5, 10, 50, 100, 500],
  );

  const decideBatch = (folded: Folded<S>, batch: readonly Waiting<C, E, S>[]) => {
    let state = folded.state;
    // The ids this batch adds are kept apart until the append succeeds: a conflict drops them.
    const added = new Set<string>();
    const toAppend: EventToAppend<E>[] = [];
    const outcomes = batch.map((waiting) => {
      const { commandId } = waiting.context;
      if (folded.handled.has(commandId) || added.has(commandId))
        return { kind: 'done' as const, events: [] as E[], state, duplicate: true };
      try {
        const events = decider.decide(waiting.command, state);
        for (const [index, event] of events.entries()) {
          state = decider.evolve(state, event);
          toAppend.push({
            event,
            id: deterministicId(commandId, index),
            metadata: metadataOf(waiting.context),
          });
        }
        if (events.length > 0) added.add(commandId);
        return { kind: 'done' as const, events, state, duplicate: false };
      } catch (error) {
        return { kind: 'refused' as const, error };
      }
    });
    return { outcomes, toAppend, state, added };
  };

  const runBatch = async (stream: string, batch: Waiting<C, E, S>[]) => {
    batchSizes.observe({ aggregate: name }, batch.length);
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      // Always catch up first (a read of only what is new): a refusal must never rest on a state
      // another process has already moved past.
      const presumedNew = attempt === 1 && batch.every((waiting) => waiting.newStream);
      const folded = presumedNew
        ? { state: decider.initialState, revision: undefined, handled: new Set<string>() }
        : await cache.refresh(stream);
      const decided = decideBatch(folded, batch);
      let revision = folded.revision;
      let position: LogPosition | undefined;
      if (decided.toAppend.length > 0) {
        try {
          const appended = await store.append(
            stream,
            decided.toAppend,
            codec,
            folded.revision ?? 'no_stream',
          );
          counters.appends++;
          revision = appended.nextRevision;
          position = appended.position;
        } catch (error) {
          if (!(error instanceof StreamConflict)) throw error;
          counters.conflicts++;
          conflicts.inc({ aggregate: name });
          await sleep(backoffDelay(attempt - 1, 5, 200));
          continue;
        }
        for (const commandId of decided.added) folded.handled.add(commandId);
        cache.put(stream, { state: decided.state, revision, handled: folded.handled });
      }
      decided.outcomes.forEach((outcome, index) => {
        const waiting = batch[index];
        if (waiting === undefined) return;
        if (outcome.kind === 'refused') {
          commands.inc({ aggregate: name, outcome: 'refused' });
          waiting.reject(outcome.error);
          return;
        }
        commands.inc({ aggregate: name, outcome: outcome.duplicate ? 'duplicate' : 'handled' });
        waiting.resolve({
          events: outcome.events,
          alreadyHandled: outcome.duplicate,
          state: outcome.state,
          revision,
          position,
        });
      });
      return;
    }
    for (const waiting of batch) waiting.reject(new ConcurrencyExhausted(stream, maxAttempts));
  };

  const drain = async (stream: string, queue: Waiting<C, E, S>[]) => {
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, maxBatch);
        try {
          await runBatch(stream, batch);
        } catch (error) {
          // The store failed (not a conflict): nobody in this batch was applied, and the cache
          // may be behind or ahead of what happened, so it is read again next time.
          cache.forget(stream);
          commands.inc({ aggregate: name, outcome: 'failed' }, batch.length);
          options.logger.warn({ err: error, stream, aggregate: name }, 'append failed');
          for (const waiting of batch) waiting.reject(error);
        }
      }
    } finally {
      queues.delete(stream);
    }
  };

  return {
    handle(stream, command, context, options = {}) {
      return new Promise((resolve, reject) => {
        const waiting = {
          command,
          context,
          newStream: options.newStream ?? false,
          resolve,
          reject,
        };
        const queue = queues.get(stream);
        if (queue !== undefined) {
          queue.push(waiting);
          return;
        }
        const fresh = [waiting];
        queues.set(stream, fresh);
        void drain(stream, fresh);
      });
    },
    load: (stream) => cache.refresh(stream),
    stats: () => ({ ...counters }),
  };
};

const metadataOf = (context: CommandContext) => ({
  $correlationId: context.correlationId,
  $causationId: context.causationId,
  actor: context.actor,
  occurredAt: context.now.toISOString(),
  commandId: context.commandId,
});
