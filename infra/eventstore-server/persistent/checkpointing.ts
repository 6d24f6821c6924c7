import type { Message } from './message.ts';

/** The checkpoint settings of a group. */
export interface CheckpointSettings {
  readonly checkpointAfterMs: number;
  readonly minCheckpointCount: number;
  readonly maxCheckpointCount: number;
}

/**
 * Decides when a group checkpoints, as EventStoreDB does. Every event the group reads (or passes
 * over, filtered out) takes the next sequence number; the checkpoint is the position just before
 * the first unsettled message, so a restart from it loses nothing. It is written once at least
 * `maxCheckpointCount` messages settled since the last one, or, on the timer, once
 * `checkpointAfterMs` passed and at least `minCheckpointCount` settled.
 */
export class CheckpointTracker {
  private nextSequence: number;
  private lastRead: { readonly sequence: number; readonly position: number } | undefined;
  private lastCheckpointed: number;
  // Long ago (but finite), so the first checkpoint is not held back by checkpointAfter.
  private lastCheckpointAt = Number.MIN_SAFE_INTEGER;
  /** The position last checkpointed (or loaded), for the group's stats. */
  lastPosition: number | undefined;
  /** The position of the last event read, for the group's stats. */
  lastKnownPosition: number | undefined;

  constructor(loaded: number | undefined) {
    this.nextSequence = loaded === undefined ? 0 : 1;
    this.lastRead = loaded === undefined ? undefined : { sequence: 0, position: loaded };
    this.lastCheckpointed = loaded === undefined ? -1 : 0;
    this.lastPosition = loaded;
  }

  /** Numbers an event as it is read; returns its sequence and the position read before it. */
  read(position: number): { sequence: number; previous: number | undefined } {
    const sequence = this.nextSequence++;
    const previous = this.lastRead?.position;
    this.lastRead = { sequence, position };
    this.lastKnownPosition = position;
    return { sequence, previous };
  }

  /** An event the group's filter passed over: settled as soon as everything before it is. */
  passedOver(position: number): void {
    this.lastRead = { sequence: this.nextSequence++, position };
  }

  /**
   * The position to checkpoint now, if any, given the unsettled message read earliest.
   * `timer` is true on the periodic check, false right after messages were settled.
   */
  due(
    lowestUnsettled: Message | undefined,
    now: number,
    timer: boolean,
    settings: CheckpointSettings,
  ): number | undefined {
    let sequence: number;
    let position: number | undefined;
    if (lowestUnsettled?.sequence !== undefined) {
      sequence = lowestUnsettled.sequence - 1;
      position = lowestUnsettled.previous;
    } else {
      sequence = this.lastRead?.sequence ?? -1;
      position = this.lastRead?.position;
    }
    if (position === undefined || sequence < 0) return undefined;
    const settled = sequence - this.lastCheckpointed;
    if (settled <= 0) return undefined;
    // checkpointAfter 0 means "never on time", as in EventStoreDB.
    const after = settings.checkpointAfterMs === 0 ? Infinity : settings.checkpointAfterMs;
    if (now - this.lastCheckpointAt < after && settled < settings.maxCheckpointCount) {
      return undefined;
    }
    if (!(
      (timer && settled >= settings.minCheckpointCount) ||
      settled >= settings.maxCheckpointCount
    )) {
      return undefined;
    }
    this.lastCheckpointAt = now;
    this.lastCheckpointed = sequence;
    this.lastPosition = position;
    return position;
  }
}
