import { SystemEventTypes } from '../store/records.ts';
import { hasCapacity, type Consumer, type Message } from './message.ts';
import type { ConsumerStrategyName } from './settings.ts';

/** What a strategy did with a message: sent it, left it for later (others may go), or gave up. */
export type PushResult = 'sent' | 'skipped' | 'no-capacity';

/** How a group picks the consumer for each message (EventStoreDB's consumer strategies). */
export interface ConsumerStrategy {
  add(consumer: Consumer): void;
  remove(consumer: Consumer): void;
  /** Picks a consumer and hands it the message (the caller then sends it). */
  push(message: Message, deliver: (consumer: Consumer) => void): PushResult;
  readonly consumers: readonly Consumer[];
}

/** Round robin: each message to the next consumer in turn that has room. */
class RoundRobin implements ConsumerStrategy {
  protected queue: Consumer[] = [];

  get consumers(): readonly Consumer[] {
    return this.queue;
  }

  add(consumer: Consumer): void {
    this.queue.push(consumer);
  }

  remove(consumer: Consumer): void {
    this.queue = this.queue.filter((c) => c !== consumer);
  }

  push(_message: Message, deliver: (consumer: Consumer) => void): PushResult {
    for (let tried = 0; tried < this.queue.length; tried++) {
      const consumer = this.queue.shift();
      if (consumer === undefined) break;
      this.queue.push(consumer);
      if (hasCapacity(consumer)) {
        deliver(consumer);
        return 'sent';
      }
    }
    return 'no-capacity';
  }
}

/** Dispatch to single: everything to the first consumer; the next only while the first is full. */
class DispatchToSingle extends RoundRobin {
  override push(_message: Message, deliver: (consumer: Consumer) => void): PushResult {
    for (let tried = 0; tried < this.queue.length; tried++) {
      const head = this.queue[0];
      if (head === undefined) break;
      if (hasCapacity(head)) {
        deliver(head);
        return 'sent';
      }
      this.queue.push(...this.queue.splice(0, 1));
    }
    return 'no-capacity';
  }
}

const BUCKETS = 1024;

/** The stream an event belongs to for pinning; an unresolved link pins by the stream it points at. */
export const pinningStreamOf = (message: Message): string => {
  const record = message.resolved.event ?? message.resolved.link;
  if (record === undefined) return '';
  if (record.type !== SystemEventTypes.linkTo) return record.stream;
  const text = record.data.toString('utf8');
  const at = text.indexOf('@');
  return at === -1 ? text : text.slice(at + 1);
};

// FNV-1a: stable across restarts, so a stream keeps its bucket.
const hash = (text: string): number => {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value;
};

/**
 * Pinned: streams hash into buckets, each bucket is assigned to the consumer with the fewest
 * buckets, so all of a stream's events go to one consumer, in order. A message whose consumer is
 * full waits (others may pass it); a departing consumer's buckets are reassigned.
 */
class Pinned implements ConsumerStrategy {
  private list: Consumer[] = [];
  private readonly assignments: (Consumer | undefined)[] = new Array<Consumer | undefined>(BUCKETS);
  private readonly bucketCounts = new Map<Consumer, number>();

  get consumers(): readonly Consumer[] {
    return this.list;
  }

  add(consumer: Consumer): void {
    this.list.push(consumer);
    this.bucketCounts.set(consumer, 0);
  }

  remove(consumer: Consumer): void {
    this.list = this.list.filter((c) => c !== consumer);
    this.bucketCounts.delete(consumer);
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      if (this.assignments[bucket] === consumer) this.assignments[bucket] = undefined;
    }
  }

  push(message: Message, deliver: (consumer: Consumer) => void): PushResult {
    if (!this.list.some(hasCapacity)) return 'no-capacity';
    const bucket = hash(pinningStreamOf(message)) % BUCKETS;
    let consumer = this.assignments[bucket];
    if (consumer === undefined) {
      consumer = this.leastAssigned();
      if (consumer === undefined) return 'no-capacity';
      this.assignments[bucket] = consumer;
      this.bucketCounts.set(consumer, (this.bucketCounts.get(consumer) ?? 0) + 1);
    }
    if (!hasCapacity(consumer)) return 'skipped';
    deliver(consumer);
    return 'sent';
  }

  private leastAssigned(): Consumer | undefined {
    let best: Consumer | undefined;
    for (const consumer of this.list) {
      if (
        best === undefined ||
        (this.bucketCounts.get(consumer) ?? 0) < (this.bucketCounts.get(best) ?? 0)
      ) {
        best = consumer;
      }
    }
    return best;
  }
}

export const createStrategy = (name: ConsumerStrategyName): ConsumerStrategy => {
  switch (name) {
    case 'RoundRobin':
      return new RoundRobin();
    case 'DispatchToSingle':
      return new DispatchToSingle();
    case 'Pinned':
      return new Pinned();
  }
};
