import { sleep } from '../infra/eventstore/backoff.ts';
import type { ReadModelCollection, ReadModelStore, StoredDoc } from '../infra/readmodels/store.ts';
import { checkpointsOf } from './checkpoints.ts';
import { pointersOf, type PointerDoc } from './pointers.ts';
import type { Projection } from './projection.ts';

export interface ReadModels {
  /** The collection reads are served from; undefined until the read model's first build started. */
  active<D extends StoredDoc>(
    projection: Projection<D>,
  ): Promise<ReadModelCollection<D> | undefined>;
  /** The `$all` commit position the active collection has applied. */
  position(name: string): Promise<number | undefined>;
  /**
   * Waits (at most `timeoutMs`) until the read model has applied `commit`: a client reading its
   * own write. Resolves with where it is and whether it got there.
   */
  waitFor(
    name: string,
    commit: number,
    timeoutMs: number,
  ): Promise<{ position: number | undefined; reached: boolean }>;
}

/**
 * The query side's way to the read models: through each one's pointer (cached for `pointerTtlMs`,
 * so a switch is seen within that time; the old collection outlives it by a grace period).
 */
export const createReadModels = (
  store: ReadModelStore,
  { pointerTtlMs = 500 } = {},
): ReadModels => {
  const pointers = pointersOf(store);
  const checkpoints = checkpointsOf(store);
  const cached = new Map<string, { pointer: PointerDoc | undefined; at: number }>();
  const pointerOf = async (name: string): Promise<PointerDoc | undefined> => {
    const hit = cached.get(name);
    if (hit !== undefined && Date.now() - hit.at < pointerTtlMs) return hit.pointer;
    const pointer = await pointers.get(name);
    cached.set(name, { pointer, at: Date.now() });
    return pointer;
  };
  const position = async (name: string) => {
    const pointer = await pointerOf(name);
    if (pointer === undefined) return undefined;
    return (await checkpoints.get(pointer.active))?.position.commit;
  };
  return {
    async active(projection) {
      const pointer = await pointerOf(projection.name);
      return pointer === undefined
        ? undefined
        : store.collection(pointer.active, projection.schema);
    },
    position,
    async waitFor(name, commit, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const at = await position(name);
        if (at !== undefined && at >= commit) return { position: at, reached: true };
        if (Date.now() >= deadline) return { position: at, reached: false };
        await sleep(Math.min(20, Math.max(1, deadline - Date.now())));
      }
    },
  };
};
