import { indexAtOrAfter, resolve, viewStream } from '../store/reads.ts';
import type { EventRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import type { MessageSink } from './call-writer.ts';
import { streamDeleted } from './errors.ts';
import { caughtUp, checkpoint, confirmation, fellBehind } from './read-messages.ts';
import type { ReadRequest } from './read-options.ts';
import type { ReadMessage } from './read-service.ts';
import { encodeReadEventResponse } from './wire.ts';

type SubscribeRequest = Extract<ReadRequest, { kind: 'subscribe-stream' | 'subscribe-all' }>;

/** How far a live subscription may lag behind the head before it reports falling behind. */
const FELL_BEHIND_THRESHOLD = 1000;

/** The subscriptions running now, so a shutdown can end them. */
export class SubscriptionRegistry {
  private readonly active = new Set<{ close(): void }>();

  add(subscription: { close(): void }): void {
    this.active.add(subscription);
  }

  delete(subscription: { close(): void }): void {
    this.active.delete(subscription);
  }

  closeAll(): void {
    for (const subscription of [...this.active]) subscription.close();
  }
}

/**
 * A catch-up subscription. It reads the in-memory log from a cursor and, once it reaches the head,
 * waits for the next commit and reads on from the same cursor: catching up and going live are the
 * same loop, so no event can be missed or sent twice in the switch. It tells the client when it
 * caught up or fell behind, and (filtered `$all` only) sends checkpoints every interval of events
 * considered.
 */
export class CatchUpSubscription {
  private readonly store: Store;
  private readonly request: SubscribeRequest;
  private readonly writer: MessageSink<ReadMessage>;
  private readonly registry: SubscriptionRegistry;
  private cursor = 0;
  private live = false;
  private considered = 0;
  private lastConsidered: number | undefined;
  private wake: (() => void) | undefined;

  constructor(
    store: Store,
    request: SubscribeRequest,
    writer: MessageSink<ReadMessage>,
    registry: SubscriptionRegistry,
  ) {
    this.store = store;
    this.request = request;
    this.writer = writer;
    this.registry = registry;
  }

  /** Ends the subscription (server shutdown). */
  close(): void {
    this.writer.end();
    this.wake?.();
  }

  async run(): Promise<void> {
    this.registry.add(this);
    const unsubscribe = this.store.onCommit(() => this.wake?.());
    const stop = () => this.wake?.();
    this.writer.signal.addEventListener('abort', stop);
    try {
      this.cursor = this.startCursor();
      if (!(await this.writer.write(confirmation()))) return;
      while (this.writer.open) {
        if (!(await this.catchUp())) return;
        if (!this.live) {
          this.live = true;
          if (!(await this.writer.write(caughtUp()))) return;
          if (
            this.request.kind === 'subscribe-all' &&
            this.request.checkpointInterval !== undefined
          ) {
            if (!(await this.writer.write(checkpoint(this.checkpointPosition())))) return;
          }
        }
        await new Promise<void>((wake) => {
          this.wake = wake;
          if (this.head() > this.cursor || !this.writer.open) wake();
        });
        this.wake = undefined;
      }
    } finally {
      unsubscribe();
      this.writer.signal.removeEventListener('abort', stop);
      this.registry.delete(this);
    }
  }

  private startCursor(): number {
    const { from } = this.request;
    if (this.request.kind === 'subscribe-all') {
      if (from === 'start') return 0;
      if (from === 'end') return this.store.all.length;
      const index = indexAtOrAfter(this.store.all, from);
      return this.store.all[index]?.position === from ? index + 1 : index;
    }
    if (from === 'start') return 0;
    if (from === 'end') return this.store.stream(this.request.stream)?.committed ?? 0;
    return from + 1;
  }

  private head(): number {
    if (this.request.kind === 'subscribe-all') return this.store.all.length;
    return this.store.stream(this.request.stream)?.committed ?? 0;
  }

  /** Sends everything between the cursor and the head; false when the call went away. */
  private async catchUp(): Promise<boolean> {
    while (this.cursor < this.head()) {
      const record = this.next();
      // Written without awaiting while the call has room: one promise per event is too many.
      if (record !== undefined && record !== 'skip' && !this.send(record)) {
        if (!(await this.writer.drained())) return false;
      }
      if (this.checkpointDue() && !(await this.checkpoint())) return false;
      if (this.live && this.head() - this.cursor > FELL_BEHIND_THRESHOLD) {
        this.live = false;
        if (!(await this.writer.write(fellBehind()))) return false;
      }
    }
    if (
      this.request.kind === 'subscribe-stream' &&
      viewStream(this.store, this.request.stream).kind === 'deleted'
    ) {
      this.writer.fail(streamDeleted(this.request.stream));
      return false;
    }
    return true;
  }

  /** The event under the cursor (advancing it), or 'skip' for one the subscription does not send. */
  private next(): EventRecord | 'skip' | undefined {
    const index = this.cursor++;
    if (this.request.kind === 'subscribe-all') return this.all(index);
    const view = viewStream(this.store, this.request.stream);
    if (view.kind !== 'ok') return 'skip';
    if (index < view.first) {
      this.cursor = view.first;
      return 'skip';
    }
    return view.state.at(index);
  }

  private all(index: number): EventRecord | 'skip' | undefined {
    const record = this.store.all[index];
    if (record === undefined || this.request.kind !== 'subscribe-all') return record;
    const { filter, checkpointInterval } = this.request;
    if (checkpointInterval === undefined) return record;
    this.considered++;
    this.lastConsidered = record.position;
    return filter === undefined || filter(record) ? record : 'skip';
  }

  /** Sends an event; false when the call has no room left for now (or is gone). */
  private send(record: EventRecord): boolean {
    const resolved = resolve(this.store, record, this.request.resolveLinks);
    return this.writer.send(
      encodeReadEventResponse(resolved, this.request.uuid, { commitPosition: record.position }),
    );
  }

  private checkpointDue(): boolean {
    const interval =
      this.request.kind === 'subscribe-all' ? this.request.checkpointInterval : undefined;
    return interval !== undefined && this.considered >= interval;
  }

  private checkpoint(): Promise<boolean> {
    if (this.request.kind === 'subscribe-all' && this.request.checkpointInterval !== undefined) {
      this.considered %= this.request.checkpointInterval;
    }
    return this.writer.write(checkpoint(this.checkpointPosition()));
  }

  private checkpointPosition(): number {
    if (this.lastConsidered !== undefined) return this.lastConsidered;
    const before = this.store.all[this.cursor - 1];
    if (before !== undefined) return before.position;
    return typeof this.request.from === 'number' ? this.request.from : 0;
  }
}
