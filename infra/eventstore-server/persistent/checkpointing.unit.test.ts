import { describe, expect, it } from 'vitest';
import { CheckpointTracker, type CheckpointSettings } from './checkpointing.ts';
import type { Message } from './message.ts';

const settings: CheckpointSettings = {
  checkpointAfterMs: 1_000,
  minCheckpointCount: 2,
  maxCheckpointCount: 5,
};
const message = (sequence: number, previous: number | undefined): Message => ({
  id: `id-${sequence}`,
  resolved: { event: undefined, link: undefined },
  position: sequence,
  sequence,
  previous,
  retryCount: 0,
});

describe('checkpoint tracker', () => {
  it('checkpoints once maxCheckpointCount settled, right after the settling', () => {
    const tracker = new CheckpointTracker(undefined);
    for (let position = 10; position < 16; position++) tracker.read(position);
    // Nothing unsettled: everything read (up to position 15) is done.
    expect(tracker.due(undefined, 0, false, settings)).toBe(15);
    expect(tracker.due(undefined, 1, false, settings)).toBeUndefined();
  });

  it('stops just before the first unsettled message', () => {
    const tracker = new CheckpointTracker(undefined);
    const read = [10, 11, 12, 13, 14, 15, 16, 17].map((position) => ({
      position,
      ...tracker.read(position),
    }));
    const unsettled = read[6];
    if (unsettled === undefined) throw new Error('no message');
    expect(tracker.due(message(unsettled.sequence, unsettled.previous), 0, false, settings)).toBe(
      15,
    );
  });

  it('checkpoints fewer than max on the timer, once checkpointAfter passed and min settled', () => {
    const tracker = new CheckpointTracker(undefined);
    tracker.read(1);
    tracker.read(2);
    expect(tracker.due(undefined, 500, true, settings)).toBe(2);
    tracker.read(3);
    expect(tracker.due(undefined, 1_000, true, settings)).toBeUndefined();
    tracker.read(4);
    expect(tracker.due(undefined, 1_200, true, settings)).toBeUndefined();
    expect(tracker.due(undefined, 1_500, true, settings)).toBe(4);
  });

  it('has nothing to checkpoint while the very first message is unsettled', () => {
    const tracker = new CheckpointTracker(undefined);
    const first = tracker.read(7);
    expect(
      tracker.due(message(first.sequence, first.previous), 10_000, true, settings),
    ).toBeUndefined();
  });

  it('resumes counting from a loaded checkpoint, and counts events its filter passed over', () => {
    const tracker = new CheckpointTracker(100);
    expect(tracker.lastPosition).toBe(100);
    tracker.passedOver(101);
    tracker.passedOver(102);
    expect(tracker.due(undefined, 5_000, true, settings)).toBe(102);
  });

  it('never checkpoints on time when checkpointAfter is 0', () => {
    const tracker = new CheckpointTracker(undefined);
    tracker.read(1);
    tracker.read(2);
    expect(
      tracker.due(undefined, 1e12, true, { ...settings, checkpointAfterMs: 0 }),
    ).toBeUndefined();
  });
});
