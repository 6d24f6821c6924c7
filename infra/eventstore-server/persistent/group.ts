import type { Logger } from '../../logger.ts';
import { originalOf, type EventRecord } from '../store/records.ts';
import { bySequence, lowestOf, MessageBuffers } from './buffers.ts';
import { CheckpointTracker } from './checkpointing.ts';
import { LatencyWindow } from './latency.ts';
import { RateMeter, type GroupSnapshot } from './group-stats.ts';
import type { GroupStorage } from './group-storage.ts';
import type { Consumer, Message } from './message.ts';
import { Outstanding } from './outstanding.ts';
import { Parking } from './parking.ts';
import type { GroupDefinition } from './settings.ts';
import type { GroupSource, SourceItem } from './source.ts';
import { createStrategy, type ConsumerStrategy } from './strategies.ts';

export type NackAction = 'unknown' | 'park' | 'retry' | 'skip' | 'stop';

/** The group refuses a consumer beyond its maxSubscriberCount. */
export class MaxSubscribersReached extends Error {}

/**
 * One persistent subscription group, as EventStoreDB runs it: it reads its source into a history
 * buffer (readBatchSize at a time, up to historyBufferSize) until it catches up, then takes new
 * events into a live buffer (up to liveBufferSize, after which it falls behind and reads again);
 * it hands messages to consumers through its strategy, within each consumer's bufferSize; an
 * unsettled message comes back after messageTimeout with its retry count raised, and is parked
 * once it was retried maxRetryCount times; it checkpoints as CheckpointTracker decides.
 */
export class PersistentGroup {
  readonly definition: GroupDefinition;
  private readonly source: GroupSource;
  private readonly storage: GroupStorage;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly strategy: ConsumerStrategy;
  private readonly outstanding = new Outstanding();
  private readonly tracker: CheckpointTracker;
  private readonly parking: Parking;
  private readonly buffers = new MessageBuffers();
  private mode: 'behind' | 'live';
  private cursor: number;
  /** Position of the last item taken from the source, so a live event already read is skipped. */
  private taken = -1;
  private totalItems = 0;
  private closed = false;
  private readonly meter: RateMeter;
  /** Per consumer, when the group keeps extra statistics. */
  private readonly latencies = new Map<Consumer, LatencyWindow>();

  constructor(
    definition: GroupDefinition,
    source: GroupSource,
    storage: GroupStorage,
    logger: Logger,
    now: () => number,
  ) {
    this.definition = definition;
    this.source = source;
    this.storage = storage;
    this.logger = logger;
    this.now = now;
    this.strategy = createStrategy(definition.settings.consumerStrategy);
    this.meter = new RateMeter(now);
    this.parking = new Parking(storage, logger, () => {
      this.checkpoint(false);
    });
    const checkpoint = storage.loadCheckpoint();
    this.tracker = new CheckpointTracker(checkpoint);
    const start = definition.settings.startFrom;
    const startPosition = start.kind === 'stream' ? start.revision : start.commit;
    if (checkpoint !== undefined) {
      this.mode = 'behind';
      this.cursor = source.cursorAfter(checkpoint);
    } else if (startPosition === -1) {
      // "End" is a live position: only what is written from now on.
      this.mode = 'live';
      this.cursor = source.endCursor();
    } else {
      this.mode = 'behind';
      this.cursor = source.cursorAt(startPosition);
    }
  }

  private get settings() {
    return this.definition.settings;
  }

  /**
   * Connects a consumer, calling `confirmed` before the first message goes to it; throws
   * MaxSubscribersReached when the group is full.
   */
  connect(consumer: Consumer, confirmed: () => void): void {
    const max = this.settings.maxSubscriberCount;
    if (max !== 0 && this.strategy.consumers.length >= max) throw new MaxSubscribersReached();
    confirmed();
    this.strategy.add(consumer);
    this.pump();
  }

  /** A consumer went away: what it held goes back to the group (retried, or parked if retried out). */
  disconnect(consumer: Consumer): void {
    if (!this.strategy.consumers.includes(consumer)) return;
    this.strategy.remove(consumer);
    this.latencies.delete(consumer);
    const lost = [...consumer.inFlight.values()].sort(bySequence);
    for (const message of lost) this.failed(message);
    this.pump();
  }

  ack(ids: readonly string[]): void {
    for (const id of ids) this.settled(id);
    for (const id of ids) this.outstanding.remove(id);
    this.checkpoint(false);
    this.pump();
  }

  nack(consumer: Consumer, action: NackAction, ids: readonly string[], reason: string): void {
    for (const id of ids) this.settled(id);
    for (const id of ids) {
      const entry = this.outstanding.get(id);
      if (entry === undefined) continue;
      if (action === 'park')
        this.park(entry.message, `Client explicitly NAK'ed message.\n${reason}`);
      else if (action === 'retry' || action === 'unknown') this.failed(entry.message);
      else if (action === 'skip') this.outstanding.remove(id);
    }
    if (action === 'stop') {
      // "Stop the subscription": this consumer is dropped; what it held goes to the others.
      consumer.drop();
      this.disconnect(consumer);
    }
    this.checkpoint(false);
    this.pump();
  }

  /** A newly committed event (or a new link of a link stream), in commit order. */
  committed(record: EventRecord): void {
    if (this.closed || this.mode !== 'live') return;
    const item = this.source.live(record);
    // Falling behind within a batch reads the rest of the batch from the source already.
    if (item === undefined || item.position <= this.taken) return;
    this.taken = item.position;
    if (item.kind === 'passed-over') {
      this.tracker.passedOver(item.position);
      return;
    }
    if (this.buffers.live.length >= this.settings.liveBufferSize) {
      // Too far behind to buffer: read again from this event on.
      this.mode = 'behind';
      this.cursor = this.source.cursorAt(item.position);
      this.buffers.fallBehind();
    } else {
      this.buffers.live.push(this.messageOf(item));
    }
    this.pump();
  }

  /** The periodic check: messages out of time are retried or parked; checkpoints due are written. */
  tick(): void {
    if (this.closed) return;
    for (const entry of this.outstanding.expired(this.now())) this.failed(entry.message);
    this.pump();
    this.checkpoint(true);
  }

  /** Replays parked messages (all, or those before parked event number `stopAt`). */
  replayParked(stopAt: number | undefined): void {
    if (this.closed) return;
    this.parking.replay(stopAt, (message) => this.buffers.retry.push(message));
    this.pump();
  }

  /** Drops every consumer: the group is being deleted, updated or restarted. */
  /** Drops its consumers; resolves once the checkpoint being written is in the log. */
  shutdown(): Promise<void> {
    this.closed = true;
    for (const consumer of [...this.strategy.consumers]) {
      this.strategy.remove(consumer);
      consumer.drop();
    }
    return this.storage.settled();
  }

  snapshot(): GroupSnapshot {
    const rates = this.meter.measure(this.totalItems, this.strategy.consumers);
    return {
      ...rates.group,
      consumerRates: rates.consumers,
      consumerLatencies: new Map(
        [...this.latencies].map(([consumer, window]) => [consumer, window.measurements()]),
      ),
      status: `${this.mode === 'live' ? 'Live' : 'Behind'}${this.parking.replaying ? ', ReplayingParkedMessages' : ''}`,
      consumers: this.strategy.consumers,
      readBufferCount: this.buffers.read.length,
      liveBufferCount: this.buffers.live.length,
      retryBufferCount: this.buffers.retry.length,
      outstandingCount: this.outstanding.size,
      parkedCount: this.parking.count(),
      totalItems: this.totalItems,
      lastCheckpointedPosition: this.tracker.lastPosition,
      lastKnownPosition: this.tracker.lastKnownPosition,
    };
  }

  private messageOf(item: Extract<SourceItem, { kind: 'event' }>): Message {
    const { sequence, previous } = this.tracker.read(item.position);
    return {
      id: originalOf(item.resolved).id,
      resolved: item.resolved,
      position: item.position,
      sequence,
      previous,
      retryCount: 0,
    };
  }

  /** Retries a message, or parks it once it has been retried maxRetryCount times. */
  private failed(message: Message): void {
    if (message.retryCount >= this.settings.maxRetryCount) {
      this.park(message, `Reached retry count of ${this.settings.maxRetryCount}`);
      return;
    }
    this.outstanding.remove(message.id);
    this.buffers.addRetry({ ...message, retryCount: message.retryCount + 1 });
  }

  private park(message: Message, reason: string): void {
    this.outstanding.remove(message.id);
    this.parking.park(message, reason);
  }

  private pump(): void {
    if (this.closed) return;
    for (;;) {
      this.fill();
      const sent = this.buffers.push(this.strategy, (consumer, message) => {
        this.deliver(consumer, message);
      });
      if (sent === 0) return;
    }
  }

  private fill(): void {
    const batch = Math.max(1, this.settings.readBatchSize);
    while (
      this.mode === 'behind' &&
      this.buffers.read.length + batch <= this.settings.historyBufferSize
    ) {
      const read = this.source.read(this.cursor, batch);
      this.cursor = read.cursor;
      for (const item of read.items) {
        this.taken = item.position;
        if (item.kind === 'event') this.buffers.read.push(this.messageOf(item));
        else this.tracker.passedOver(item.position);
      }
      if (read.end) this.mode = 'live';
    }
  }

  private deliver(consumer: Consumer, message: Message): void {
    if (this.outstanding.get(message.id) !== undefined) {
      this.logger.warn(
        { group: this.definition.group, id: message.id },
        'persistent subscription: skipping a duplicate event id',
      );
      return;
    }
    consumer.inFlight.set(message.id, message);
    this.outstanding.start(message, consumer, this.now() + this.settings.messageTimeoutMs);
    if (this.settings.extraStatistics) this.latencyOf(consumer).sent(message.id);
    consumer.totalItems++;
    this.totalItems++;
    consumer.send(message);
  }

  private latencyOf(consumer: Consumer): LatencyWindow {
    let window = this.latencies.get(consumer);
    if (window === undefined) {
      window = new LatencyWindow(this.now);
      this.latencies.set(consumer, window);
    }
    return window;
  }

  /** An ack or nack ends the message's latency measurement (KurrentDB's EndOperation). */
  private settled(id: string): void {
    const consumer = this.outstanding.get(id)?.consumer;
    if (consumer !== undefined) this.latencies.get(consumer)?.settled(id);
  }

  private checkpoint(timer: boolean): void {
    const lowest = lowestOf([
      this.outstanding.lowest(),
      this.buffers.lowest(),
      ...this.parking.pending,
    ]);
    const position = this.tracker.due(lowest, this.now(), timer, this.settings);
    if (position !== undefined) this.storage.writeCheckpoint(position);
  }
}
