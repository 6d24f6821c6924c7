import { z } from 'zod';
import type { ReadModelCollection, ReadModelStore } from '../infra/readmodels/store.ts';

/** Which collection of each read model serves reads, and which one is being rebuilt. */
export const pointersCollection = 'read_model_pointers';

const buildSchema = z.object({
  collection: z.string(),
  version: z.number().int(),
  generation: z.number().int(),
  startedAt: z.string(),
  requestedBy: z.string(),
});
export type Build = z.infer<typeof buildSchema>;

export const pointerDocSchema = z.object({
  _id: z.string(),
  active: z.string(),
  version: z.number().int(),
  generation: z.number().int(),
  /** Bumped by every change: writers compare and set on it. */
  revision: z.number().int(),
  building: buildSchema.nullable(),
  /** Collections switched away from, dropped once a grace period has passed. */
  retired: z.array(z.object({ collection: z.string(), retiredAt: z.string() })),
  /** The last rebuild that was switched to, so its end can be shown for a while. */
  finished: buildSchema.extend({ finishedAt: z.string() }).nullable(),
});
export type PointerDoc = z.infer<typeof pointerDocSchema>;

export const pointersOf = (store: ReadModelStore): ReadModelCollection<PointerDoc> =>
  store.collection(pointersCollection, pointerDocSchema);

/** `order_summaries__v3_2`: the read model, its version, and which build of that version. */
export const collectionName = (name: string, version: number, generation: number): string =>
  `${name}__v${version}_${generation}`;

/** Writes `next` if the pointer is still at `current`'s revision; false when someone moved it. */
export const movePointer = (
  pointers: ReadModelCollection<PointerDoc>,
  current: PointerDoc,
  change: Partial<Omit<PointerDoc, '_id' | 'revision'>>,
): Promise<boolean> =>
  pointers.putIf(
    { ...current, ...change, revision: current.revision + 1 },
    { revision: current.revision },
  );

/** The pointer of a read model that has none yet: its first build, read from position 0. */
export const createPointer = async (
  pointers: ReadModelCollection<PointerDoc>,
  name: string,
  version: number,
): Promise<PointerDoc> => {
  const initial: PointerDoc = {
    _id: name,
    active: collectionName(name, version, 1),
    version,
    generation: 1,
    revision: 0,
    building: null,
    retired: [],
    finished: null,
  };
  // A revision below zero matches no stored pointer: this only inserts.
  if (await pointers.putIf(initial, { revision: { $lt: 0 } })) return initial;
  const existing = await pointers.get(name);
  if (existing === undefined) throw new Error(`the pointer of ${name} vanished`);
  return existing;
};

export type RebuildRequest =
  | { readonly outcome: 'started'; readonly build: Build }
  | { readonly outcome: 'running'; readonly build: Build }
  | { readonly outcome: 'unknown' };

/**
 * Asks for a rebuild into a new collection (the runners see it in the pointer and start it).
 * Refused with the running one when a rebuild is already under way.
 */
export const requestRebuild = async (
  pointers: ReadModelCollection<PointerDoc>,
  name: string,
  version: number,
  requestedBy: string,
  now: Date,
): Promise<RebuildRequest> => {
  for (let attempt = 0; attempt < 5; attempt++) {
    const pointer = await pointers.get(name);
    if (pointer === undefined) return { outcome: 'unknown' };
    if (pointer.building !== null) return { outcome: 'running', build: pointer.building };
    const generation = pointer.generation + 1;
    const build: Build = {
      collection: collectionName(name, version, generation),
      version,
      generation,
      startedAt: now.toISOString(),
      requestedBy,
    };
    if (await movePointer(pointers, pointer, { building: build }))
      return { outcome: 'started', build };
  }
  throw new Error(`the pointer of ${name} kept changing`);
};
