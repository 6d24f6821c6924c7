import type { Document } from 'mongodb';
import type { Filter, FindQuery, Scalar, SortSpec } from './store.ts';

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Our filter language in MongoDB's: the same operators, and `$prefix` as an anchored regex. */
export const toMongoFilter = (filter: Filter): Document => {
  const translated: Document = {};
  for (const [path, condition] of Object.entries(filter)) {
    if (condition === null || typeof condition !== 'object') {
      translated[path] = condition;
      continue;
    }
    const { $prefix, $in, ...rest } = condition;
    const operators: Document = { ...rest };
    // An anchored, case-sensitive regex is one MongoDB answers from an index.
    if ($prefix !== undefined) operators.$regex = `^${escapeRegex($prefix)}`;
    if ($in !== undefined) operators.$in = [...$in];
    translated[path] = operators;
  }
  return translated;
};

/** Documents after `after` in the order of `sort`: (a > x) or (a = x and b > y) or … */
export const afterClause = (sort: SortSpec, after: readonly Scalar[]): Document => ({
  $or: sort.map(([field, direction], index) => {
    const clause: Document = {};
    for (const [earlier, value] of sort.slice(0, index).map(([f], i) => [f, after[i]] as const))
      clause[earlier] = value ?? null;
    clause[field] = { [direction === 1 ? '$gt' : '$lt']: after[index] ?? null };
    return clause;
  }),
});

export const toMongoQuery = ({ filter = {}, sort = [], after }: FindQuery): Document => {
  const base = toMongoFilter(filter);
  if (after === undefined || sort.length === 0) return base;
  return { $and: [base, afterClause(sort, after)] };
};

export const toMongoSort = (sort: SortSpec): Record<string, 1 | -1> =>
  Object.fromEntries(sort.map(([field, direction]) => [field, direction]));
