import { z } from 'zod';
import type { CheckpointStore } from '../infra/eventstore/catch-up-runner.ts';
import type { LogPosition } from '../infra/eventstore/recorded.ts';
import type { ReadModelCollection, ReadModelStore } from '../infra/readmodels/store.ts';

/** Where every runner keeps its place, one document per read-model collection. */
export const checkpointsCollection = 'projection_checkpoints';

const logPositionSchema = z.object({ commit: z.number().int(), prepare: z.number().int() });

export const checkpointDocSchema = z.object({
  _id: z.string(),
  position: logPositionSchema,
  updatedAt: z.string(),
});
export type CheckpointDoc = z.infer<typeof checkpointDocSchema>;

export const checkpointsOf = (store: ReadModelStore): ReadModelCollection<CheckpointDoc> =>
  store.collection(checkpointsCollection, checkpointDocSchema);

export interface CoalescingCheckpoints extends CheckpointStore {
  /** Writes the latest position if it is not written yet (when the runner stops). */
  flush(): Promise<void>;
}

/**
 * The catch-up runner's checkpoint of one collection, saved after each batch it wrote but at most
 * once per `intervalMs`: live, every event is a batch, and a write per event would double the
 * store's load. A position not yet written is written when the interval is over; should the
 * process die first, those few events are applied again, which the position guards make harmless.
 */
export const checkpointStore = (
  checkpoints: ReadModelCollection<CheckpointDoc>,
  collection: string,
  now: () => Date,
  intervalMs = 0,
): CoalescingCheckpoints => {
  let pending: LogPosition | undefined;
  let savedAt = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;
  const flush = async () => {
    clearTimeout(timer);
    timer = undefined;
    const position = pending;
    if (position === undefined) return;
    pending = undefined;
    savedAt = Date.now();
    await checkpoints.bulkPut(
      [{ _id: collection, position, updatedAt: now().toISOString() }],
      'none',
    );
  };
  return {
    load: async () => (await checkpoints.get(collection))?.position,
    save: (position) => {
      pending = position;
      const wait = savedAt + intervalMs - Date.now();
      if (wait <= 0) return flush();
      // A failed deferred write is retried by the next save (which carries a later position).
      timer ??= setTimeout(() => void flush().catch(() => undefined), wait);
      return Promise.resolve();
    },
    flush,
  };
};
