import type { Logger } from '../logger.ts';
import type { Span } from '../telemetry/tracing.ts';
import type { Metrics } from '../metrics.ts';
import { AggregateCache, type Decider, type Folded } from './aggregate-cache.ts';
import { backoffDelay, sleep } from './backoff.ts';
import type { DomainEvent, EventCodec } from './codec.ts';
import { commandMetrics } from './command-metrics.ts';
import { endWhenSettled, traceCommand, tracedAppend } from './command-tracing.ts';
import { decideBatch, type CommandContext, type Outcome, type Pending } from './decide-batch.ts';
import { StreamConflict, type EventStore } from './event-store.ts';
import { groupCommit } from './group-commit.ts';
import type { LogPosition } from './recorded.ts';

export type { Decider } from './aggregate-cache.ts';
export type { CommandContext } from './decide-batch.ts';

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
   * `newStream`: the caller made the stream name up just now (a fresh UUID), so it is decided on
   * the initial state without a read; should the stream exist after all, the append's conflict
   * says so and the command is decided again on what was read.
   */
  handle(
    stream: string,
    command: C,
    context: CommandContext,
    options?: { newStream?: boolean },
  ): Promise<CommandResult<E, S>>;
  /** The aggregate as the store has it now (reads what is new after the cached fold). */
  load(stream: string): Promise<Folded<S>>;
  stats(): { readonly appends: number; readonly conflicts: number; readonly reads: number };
}

interface Waiting<C, E extends DomainEvent, S> extends Pending<C> {
  readonly newStream: boolean;
  /** The command's span (tracing on), parent of the append that carries its events. */
  readonly span?: Span | undefined;
  resolve(result: CommandResult<E, S>): void;
  reject(error: unknown): void;
}

/**
 * Fold, decide, append with the revision the fold is at; on a conflict read what is new, fold it
 * in and decide again, a bounded number of times. The fold comes from the cache
 * (aggregate-cache.ts) when it holds the stream, so a command usually costs one append and no
 * read: the expected revision, not a read, is what proves the fold current. Commands for a stream
 * that arrive while its append is in flight are decided together into the next append
 * (group-commit.ts).
 */
export const createCommandHandler = <C, E extends DomainEvent, S>(
  options: CommandHandlerOptions<C, E, S>,
): CommandHandler<C, E, S> => {
  const { name, store, decider, codec } = options;
  const maxAttempts = options.maxAttempts ?? 8;
  const cache = new AggregateCache(store, decider, codec, options.cacheSize ?? 10_000);
  const metrics = commandMetrics(options.metrics, name);
  const counters = { appends: 0, conflicts: 0 };

  const decideAndAppend = async (stream: string, batch: readonly Waiting<C, E, S>[]) => {
    const presumedNew = batch.every((waiting) => waiting.newStream);
    const cached = cache.cached(stream);
    let folded = cached ?? (presumedNew ? empty() : await cache.catchUp(stream));
    // Whether `folded` was read for this batch, so is current without an append to prove it.
    let readJustNow = cached === undefined && !presumedNew;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const decided = decideBatch(decider, folded, batch);
      if (decided.toAppend.length === 0) {
        // No append, so no expected revision vouches for these decisions (a refusal, nothing to
        // do): they must not rest on a fold that another process has moved past.
        const vouched = decided.outcomes.every((o) => o.kind === 'done' && o.duplicate);
        if (!vouched && !readJustNow) {
          const now = await cache.catchUp(stream, folded);
          readJustNow = true;
          if (now.revision !== folded.revision) {
            folded = now;
            continue;
          }
        }
        settle(batch, decided.outcomes, folded.revision, undefined);
        return;
      }
      try {
        const expected = folded.revision ?? 'no_stream';
        const appended = await tracedAppend(stream, expected, decided.toAppend.length, batch, () =>
          store.append(stream, decided.toAppend, codec, expected),
        );
        counters.appends++;
        for (const commandId of decided.added) folded.handled.add(commandId);
        const revision = appended.nextRevision;
        cache.remember(stream, { state: decided.state, revision, handled: folded.handled });
        settle(batch, decided.outcomes, revision, appended.position);
        return;
      } catch (error) {
        if (!(error instanceof StreamConflict)) throw error;
        counters.conflicts++;
        metrics.conflict();
        await sleep(backoffDelay(attempt - 1, 5, 200));
        folded = await cache.catchUp(stream, folded);
        readJustNow = true;
      }
    }
    throw new ConcurrencyExhausted(stream, maxAttempts);
  };

  const empty = (): Folded<S> => ({
    state: decider.initialState,
    revision: undefined,
    handled: new Set(),
  });

  const settle = (
    batch: readonly Waiting<C, E, S>[],
    outcomes: readonly Outcome<E, S>[],
    revision: number | undefined,
    position: LogPosition | undefined,
  ) => {
    outcomes.forEach((outcome, index) => {
      const waiting = batch[index];
      if (waiting === undefined) return;
      if (outcome.kind === 'refused') {
        metrics.command('refused');
        waiting.reject(outcome.error);
        return;
      }
      metrics.command(outcome.duplicate ? 'duplicate' : 'handled');
      const { events, state, duplicate } = outcome;
      waiting.resolve({ events, alreadyHandled: duplicate, state, revision, position });
    });
  };

  const submit = groupCommit<Waiting<C, E, S>>(options.maxBatch ?? 500, async (stream, batch) => {
    metrics.batch(batch.length);
    try {
      await decideAndAppend(stream, batch);
    } catch (error) {
      if (!(error instanceof ConcurrencyExhausted)) {
        // The store failed (not a conflict): the append may or may not have happened, so the
        // cached fold is not trusted; the next command reads the stream again.
        cache.forget(stream);
        metrics.command('failed', batch.length);
        options.logger.warn({ err: error, stream, aggregate: name }, 'append failed');
      }
      for (const waiting of batch) waiting.reject(error);
    }
  });

  return {
    handle: (stream, command, given, { newStream = false } = {}) => {
      const traced = traceCommand(name, stream, given);
      const context = traced?.context ?? given;
      const span = traced?.span;
      const handled = new Promise<CommandResult<E, S>>((resolve, reject) => {
        submit(stream, { command, context, newStream, span, resolve, reject });
      });
      return span === undefined ? handled : endWhenSettled(span, handled);
    },
    load: (stream) => cache.catchUp(stream),
    stats: () => ({ ...counters, reads: cache.reads }),
  };
};
