import type { ResolvedEvent } from '../store/records.ts';

/** One event on its way through a group: buffered, in flight to a consumer, or waiting to retry. */
export interface Message {
  /** The id consumers ack with: the link's id when the event came through a link. */
  readonly id: string;
  readonly resolved: ResolvedEvent;
  /** Where the event is in the group's source (revision or log position). */
  readonly position: number;
  /**
   * The order the group read it in (undefined for replayed parked messages, which take no part
   * in checkpoints); everything before a checkpoint's sequence has been settled.
   */
  readonly sequence: number | undefined;
  /** Source position of the event read just before this one: the checkpoint if this is the first unsettled. */
  readonly previous: number | undefined;
  readonly retryCount: number;
}

/** A consumer connected to a group. */
export interface Consumer {
  readonly id: string;
  readonly connectionName: string;
  readonly from: string;
  readonly username: string;
  /** The client's bufferSize: how many unsettled messages it may hold. */
  readonly maxInFlight: number;
  readonly inFlight: Map<string, Message>;
  totalItems: number;
  lastTotalItems: number;
  /** Sends a message to the consumer. */
  send(message: Message): void;
  /** Ends the consumer's call: the group dropped it. */
  drop(): void;
}

export const hasCapacity = (consumer: Consumer): boolean =>
  consumer.inFlight.size < consumer.maxInFlight;
