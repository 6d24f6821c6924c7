import type { Consumer, Message } from './message.ts';
import type { ConsumerStrategy } from './strategies.ts';

/** Orders messages by read order; replayed parked messages (no sequence) come last. */
export const bySequence = (a: Message, b: Message): number =>
  (a.sequence ?? Number.MAX_SAFE_INTEGER) - (b.sequence ?? Number.MAX_SAFE_INTEGER);

/** The earliest-read of some messages (those without a sequence do not count). */
export const lowestOf = (messages: Iterable<Message | undefined>): Message | undefined => {
  let lowest: Message | undefined;
  for (const message of messages) {
    if (message?.sequence === undefined) continue;
    if (lowest === undefined || bySequence(message, lowest) < 0) lowest = message;
  }
  return lowest;
};

/**
 * A group's waiting messages: retries (in read order, replayed parked ones last), the history
 * buffer filled by reads, and the live buffer filled by new commits. They go out in that order.
 */
export class MessageBuffers {
  retry: Message[] = [];
  read: Message[] = [];
  live: Message[] = [];

  addRetry(message: Message): void {
    const at = this.retry.findIndex((waiting) => bySequence(message, waiting) < 0);
    if (at === -1) this.retry.push(message);
    else this.retry.splice(at, 0, message);
  }

  /** Live messages were read before anything read from now on, so they join the history. */
  fallBehind(): void {
    this.read.push(...this.live);
    this.live = [];
  }

  /** The earliest-read message still waiting. */
  lowest(): Message | undefined {
    return lowestOf([this.retry[0], this.read[0], this.live[0]]);
  }

  /**
   * Hands waiting messages to consumers through the strategy; a message the strategy skips
   * (pinned to a full consumer) lets later ones pass. Returns how many went out.
   */
  push(
    strategy: ConsumerStrategy,
    deliver: (consumer: Consumer, message: Message) => void,
  ): number {
    let sent = 0;
    for (const buffer of [this.retry, this.read, this.live]) {
      let index = 0;
      while (index < buffer.length) {
        const message = buffer[index];
        if (message === undefined) break;
        const result = strategy.push(message, (consumer) => {
          deliver(consumer, message);
        });
        if (result === 'no-capacity') return sent;
        if (result === 'skipped') {
          index++;
          continue;
        }
        buffer.splice(index, 1);
        sent++;
      }
    }
    return sent;
  }
}
