import type { Logger } from '../../logger.ts';
import { originalOf } from '../store/records.ts';
import type { GroupStorage } from './group-storage.ts';
import type { Message } from './message.ts';

/**
 * A group's parked messages: parking one writes a link to it in the parked stream (until that
 * write is durable the message still holds back the checkpoint); replaying hands the parked ones
 * back as retries and moves the parked stream's `$tb` past them.
 */
export class Parking {
  private readonly storage: GroupStorage;
  private readonly logger: Logger;
  private readonly onParked: () => void;
  private readonly inProgress = new Map<string, Message>();
  private replayingNow = false;

  constructor(storage: GroupStorage, logger: Logger, onParked: () => void) {
    this.storage = storage;
    this.logger = logger;
    this.onParked = onParked;
  }

  /** Messages whose parking is not durable yet. */
  get pending(): Iterable<Message> {
    return this.inProgress.values();
  }

  get replaying(): boolean {
    return this.replayingNow;
  }

  count(): number {
    return this.storage.parkedCount();
  }

  park(message: Message, reason: string): void {
    this.inProgress.set(message.id, message);
    this.storage.park(message, reason).then(
      () => {
        this.inProgress.delete(message.id);
        this.onParked();
      },
      (error: unknown) => {
        this.inProgress.delete(message.id);
        this.logger.error(
          { err: error, id: message.id },
          'persistent subscription: message not parked',
        );
      },
    );
  }

  /**
   * Hands the parked messages not replayed yet (before parked event number `stopAt`, if given) to
   * `retry`, with a retry count of 0, as EventStoreDB does. One replay at a time.
   */
  replay(stopAt: number | undefined, retry: (message: Message) => void): void {
    if (this.replayingNow) return;
    const { events, end } = this.storage.parkedToReplay(stopAt);
    if (events.length === 0) return;
    this.replayingNow = true;
    for (const resolved of events) {
      const original = originalOf(resolved);
      retry({
        id: original.id,
        resolved,
        position: original.revision,
        sequence: undefined,
        previous: undefined,
        retryCount: 0,
      });
    }
    this.storage.markReplayed(end).then(
      () => {
        this.replayingNow = false;
      },
      (error: unknown) => {
        this.replayingNow = false;
        this.logger.error(
          { err: error },
          'persistent subscription: replayed parked messages not marked',
        );
      },
    );
  }
}
