// Test support only: given events, then documents — the way the runner folds them.
import type { StoredDoc } from '../../infra/readmodels/store.ts';
import { foldInto } from '../fold.ts';
import type { ProjectedEvent, Projection } from '../projection.ts';

/** The documents after the events, folded in batches of `batch` as a catching-up runner would. */
export const project = <D extends StoredDoc>(
  projection: Projection<D>,
  events: readonly ProjectedEvent[],
  { batch = 7, into = new Map<string, D>() } = {},
): Map<string, D> => {
  for (let from = 0; from < events.length; from += batch)
    foldInto(projection, into, events.slice(from, from + batch));
  return into;
};

/** The documents without what depends on where in `$all` their events landed. */
export const positionFree = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(positionFree);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !['_position', 'position', 'at'].includes(key))
      .map(([key, field]) => [key, positionFree(field)]),
  );
};
