import type { StoredDoc } from '../infra/readmodels/store.ts';
import { positionKey } from './position.ts';
import type { ProjectedEvent, Projection } from './projection.ts';

/**
 * Applies events, in `$all` order, to the documents they touch in `working` (which must hold
 * every such document the store has). A document skips events at or below its `_position`, so a
 * replayed batch changes nothing; a changed one gets the event's position. Returns the ids of
 * the documents that changed.
 */
export const foldInto = <D extends StoredDoc>(
  projection: Projection<D>,
  working: Map<string, D>,
  events: readonly ProjectedEvent[],
): Set<string> => {
  const changed = new Set<string>();
  const related = (id: string) => working.get(id);
  for (const recorded of events) {
    if (recorded.position === undefined)
      throw new Error(`event ${recorded.id} has no $all position`);
    const key = positionKey(recorded.position);
    for (const id of projection.documentIds(recorded)) {
      const doc = working.get(id);
      if (doc?._position !== undefined && doc._position >= key) continue;
      const next = projection.evolve(doc, recorded, { id, related });
      if (next === undefined || next === doc) continue;
      working.set(id, { ...next, _position: key });
      changed.add(id);
    }
  }
  return changed;
};

/** Every id the events touch, each once, for loading them before a fold. */
export const touchedIds = <D extends StoredDoc>(
  projection: Projection<D>,
  events: readonly ProjectedEvent[],
): string[] => [...new Set(events.flatMap((recorded) => projection.documentIds(recorded)))];
