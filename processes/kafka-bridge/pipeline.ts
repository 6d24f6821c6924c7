import { backoffDelay, sleep } from '../../infra/eventstore/backoff.ts';
import { describeError } from '../../infra/kafka/client.ts';
import type { Logger } from '../../infra/logger.ts';
import { messageBytes, type BridgedEvent } from './mapping.ts';
import type { BridgeMetrics } from './metrics.ts';
import { tracedCommit } from './produce-tracing.ts';
import { PendingEvents } from './pending.ts';
import { PublishedRevisions } from './progress.ts';
import type { Transactions } from './session.ts';

/** The delivery of an event the bridge stopped before publishing: the server will send it again. */
export class BridgeStopped extends Error {
  constructor() {
    super('the Kafka bridge stopped before this event was published');
    this.name = 'BridgeStopped';
  }
}

export interface PipelineTuning {
  /** Events per transaction at most; 500. */
  readonly maxBatch: number;
  /** Bytes per transaction at most (records' keys, values and headers); 512 KiB. */
  readonly maxBatchBytes: number;
  /** How long the first event of a batch waits for company; 10 ms. */
  readonly lingerMs: number;
  /** The wait before the n-th retry of a failed batch. */
  readonly retryDelay: (attempt: number) => number;
}

export const defaultTuning: PipelineTuning = {
  maxBatch: 500,
  maxBatchBytes: 512 * 1024,
  lingerMs: 10,
  retryDelay: (attempt) => backoffDelay(attempt, 250, 5_000),
};

export interface PipelineStatus {
  readonly session: 'none' | 'open' | 'failing';
  readonly unsettled: number;
  readonly published: number;
  readonly skipped: number;
  readonly lastCommitPosition: number | undefined;
  readonly lastError: string | undefined;
}

export interface Pipeline {
  /** Resolves once the event is in Kafka (committed now, or found there already). */
  submit(event: BridgedEvent): Promise<void>;
  status(): PipelineStatus;
  /** Settles once the signal has aborted, every unsettled event is rejected and the session ended. */
  readonly done: Promise<void>;
}

export interface PipelineOptions {
  readonly transactions: Transactions;
  readonly tuning?: Partial<PipelineTuning>;
  readonly metrics: BridgeMetrics;
  readonly logger: Logger;
  readonly signal: AbortSignal;
}

/**
 * Publishes events in arrival order, in batches, one Kafka transaction at a time (never two in
 * flight, so per-key order holds across batches). Events already in Kafka (by the progress the
 * session read, plus this session's commits) are settled without producing. A failed batch ends
 * the session and is retried, the same events, in a new session after a backoff, for as long as
 * it takes: nothing is nacked for it, which would reorder the stream.
 */
export const startPipeline = (options: PipelineOptions): Pipeline => {
  const { transactions, metrics, logger: log, signal } = options;
  const tuning = { ...defaultTuning, ...options.tuning };
  const pending = new PendingEvents<BridgedEvent>();
  let published: PublishedRevisions | undefined;
  let status: PipelineStatus = {
    session: 'none',
    unsettled: 0,
    published: 0,
    skipped: 0,
    lastCommitPosition: undefined,
    lastError: undefined,
  };

  const publish = async (batch: readonly BridgedEvent[]) => {
    published ??= new PublishedRevisions(await transactions.begin());
    const session = published;
    const fresh = batch.filter((event) => !session.covers(event));
    if (fresh.length > 0) {
      const stopTimer = metrics.commitSeconds.startTimer();
      await tracedCommit(fresh, () => transactions.commit(fresh));
      stopTimer();
      session.record(fresh);
      metrics.batches.inc();
      metrics.published.inc(fresh.length);
    }
    const skipped = batch.length - fresh.length;
    if (skipped > 0) metrics.skipped.inc(skipped);
    const positions = fresh.flatMap((event) => event.commitPosition ?? []);
    const lastCommitPosition =
      positions.length > 0 ? Math.max(...positions) : status.lastCommitPosition;
    if (lastCommitPosition !== undefined) metrics.commitPosition.set(lastCommitPosition);
    status = {
      ...status,
      session: 'open',
      published: status.published + fresh.length,
      skipped: status.skipped + skipped,
      lastCommitPosition,
      lastError: undefined,
    };
  };

  // A call, not a property read: TypeScript would keep `signal.aborted` narrowed across awaits.
  const stopped = () => signal.aborted;
  const publishUntilDone = async (batch: readonly BridgedEvent[]) => {
    for (let attempt = 0; !signal.aborted; attempt++) {
      try {
        await publish(batch);
        pending.resolve(batch);
        return;
      } catch (error) {
        published = undefined;
        if (stopped()) return;
        metrics.failures.inc();
        status = { ...status, session: 'failing', lastError: describeError(error) };
        log.warn(
          { err: error, attempt, events: batch.length },
          'Kafka transaction failed; retrying the batch in a new session',
        );
        await transactions.end().catch((closing: unknown) => {
          log.debug({ err: closing }, 'could not close the failed Kafka session');
        });
        await sleep(tuning.retryDelay(attempt), signal);
      }
    }
  };

  // Unsettled deliveries go back to the server at once, and a commit still in flight is cut
  // short rather than awaited on a broker that may not answer: whatever of it did reach Kafka is
  // skipped as already published when the events come back.
  const interrupt = () => {
    pending.rejectAll(new BridgeStopped());
    pending.interrupt();
    void transactions.end().catch((error: unknown) => {
      log.debug({ err: error }, 'could not close the Kafka session');
    });
  };
  signal.addEventListener('abort', interrupt, { once: true });

  const done = (async () => {
    try {
      while (!signal.aborted) {
        await pending.whenWaiting();
        if (stopped()) break;
        if (pending.waiting < tuning.maxBatch) await sleep(tuning.lingerMs, signal);
        const batch = pending.take(
          tuning.maxBatch,
          (event) => messageBytes(event.message),
          tuning.maxBatchBytes,
        );
        await publishUntilDone(batch);
      }
    } finally {
      signal.removeEventListener('abort', interrupt);
      pending.rejectAll(new BridgeStopped());
      await transactions.end().catch((error: unknown) => {
        log.warn({ err: error }, 'could not close the Kafka session');
      });
      status = { ...status, session: 'none' };
    }
  })();

  return {
    submit: (event) => (signal.aborted ? Promise.reject(new BridgeStopped()) : pending.add(event)),
    status: () => ({ ...status, unsettled: pending.unsettled }),
    done,
  };
};
