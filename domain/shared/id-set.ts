/**
 * An immutable set of ids that grows by one in constant time, sharing everything it had before.
 * Copying an array on every event would make folding a long stream (a popular sku) quadratic.
 */
export type IdSet = { readonly id: string; readonly rest: IdSet } | null;

export const emptyIdSet: IdSet = null;

/** The caller makes sure `id` is new: checking here would cost a walk per event. */
export const addId = (set: IdSet, id: string): IdSet => ({ id, rest: set });

export const hasId = (set: IdSet, id: string): boolean => {
  for (let node = set; node !== null; node = node.rest) if (node.id === id) return true;
  return false;
};

/** Oldest first. */
export const idsOf = (set: IdSet): string[] => {
  const ids: string[] = [];
  for (let node = set; node !== null; node = node.rest) ids.push(node.id);
  return ids.reverse();
};
