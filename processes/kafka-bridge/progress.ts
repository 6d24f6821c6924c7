import { z } from 'zod';
import type { BridgedEvent } from './mapping.ts';

/**
 * The last revision of each stream already in Kafka, as the progress topic and this process's
 * own commits say. The bridge publishes each stream in revision order without gaps it could
 * fill later, so an event at or below its stream's entry is already there.
 */
export class PublishedRevisions {
  readonly #revisions: Map<string, number>;

  constructor(revisions: ReadonlyMap<string, number> = new Map()) {
    this.#revisions = new Map(revisions);
  }

  get size(): number {
    return this.#revisions.size;
  }

  covers(event: Pick<BridgedEvent, 'stream' | 'revision'>): boolean {
    const last = this.#revisions.get(event.stream);
    return last !== undefined && event.revision <= last;
  }

  /** Notes events as published; a revision never goes down. */
  record(events: readonly Pick<BridgedEvent, 'stream' | 'revision'>[]): void {
    for (const { stream, revision } of events) {
      const last = this.#revisions.get(stream);
      if (last === undefined || revision > last) this.#revisions.set(stream, revision);
    }
  }
}

const progressValueSchema = z.object({ revision: z.number().int().nonnegative() });

/** The progress records of a batch: one per stream, keyed by stream, at its highest revision. */
export const progressRecords = (
  batch: readonly Pick<BridgedEvent, 'stream' | 'revision'>[],
): { key: string; value: string }[] => {
  const highest = new Map<string, number>();
  for (const { stream, revision } of batch) {
    highest.set(stream, Math.max(revision, highest.get(stream) ?? revision));
  }
  return [...highest].map(([stream, revision]) => ({
    key: stream,
    value: JSON.stringify({ revision }),
  }));
};

/**
 * Folds one record of the progress topic into `revisions` (a key's records come in offset order:
 * one key, one partition). A tombstone forgets the stream, e.g. after an operator's reset.
 * Returns false for a record that is not ours to read (no key, bad value), so the caller can say so.
 */
export const foldProgressRecord = (
  revisions: Map<string, number>,
  key: Buffer | null,
  value: Buffer | null,
): boolean => {
  if (key === null) return false;
  if (value === null) {
    revisions.delete(key.toString('utf8'));
    return true;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch {
    return false;
  }
  const progress = progressValueSchema.safeParse(parsed);
  if (!progress.success) return false;
  const stream = key.toString('utf8');
  revisions.set(stream, Math.max(progress.data.revision, revisions.get(stream) ?? 0));
  return true;
};
