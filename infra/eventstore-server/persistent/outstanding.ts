import type { Consumer, Message } from './message.ts';

interface Entry {
  readonly message: Message;
  readonly consumer: Consumer;
  readonly expiresAt: number;
}

/**
 * Messages in flight, by id. A group's message timeout is fixed, so insertion order is expiry
 * order and finding the expired ones stops at the first that is not.
 */
export class Outstanding {
  private readonly entries = new Map<string, Entry>();

  get size(): number {
    return this.entries.size;
  }

  start(message: Message, consumer: Consumer, expiresAt: number): void {
    this.entries.delete(message.id);
    this.entries.set(message.id, { message, consumer, expiresAt });
  }

  get(id: string): Entry | undefined {
    return this.entries.get(id);
  }

  /** Forgets a message, and takes it off its consumer's in-flight list. */
  remove(id: string): Entry | undefined {
    const entry = this.entries.get(id);
    if (entry === undefined) return undefined;
    this.entries.delete(id);
    entry.consumer.inFlight.delete(id);
    return entry;
  }

  /** The messages whose time ran out by `now`, oldest first. */
  expired(now: number): Entry[] {
    const expired: Entry[] = [];
    for (const entry of this.entries.values()) {
      if (entry.expiresAt > now) break;
      expired.push(entry);
    }
    return expired;
  }

  /** The in-flight message read earliest (lowest sequence), if any. */
  lowest(): Message | undefined {
    let lowest: Message | undefined;
    for (const { message } of this.entries.values()) {
      if (message.sequence === undefined) continue;
      if (lowest?.sequence === undefined || message.sequence < lowest.sequence) lowest = message;
    }
    return lowest;
  }

  /** The messages a consumer holds. */
  ofConsumer(consumer: Consumer): Message[] {
    return [...consumer.inFlight.values()];
  }
}
