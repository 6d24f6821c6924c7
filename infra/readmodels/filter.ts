import type { Condition, Filter, Scalar, SortSpec } from './store.ts';

// The filter language evaluated in memory, with MongoDB's semantics where they matter: a missing
// field is null, ranges only match values of the same type, and sorting orders types first.

/** The value at a dotted path; undefined on the way is null, as MongoDB reads it. */
export const valueAt = (doc: unknown, path: string): Scalar => {
  if (!path.includes('.')) {
    const value: unknown =
      typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>)[path] : null;
    return isScalar(value) ? value : null;
  }
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return null;
    value = (value as Record<string, unknown>)[part];
  }
  return isScalar(value) ? value : null;
};

const isScalar = (value: unknown): value is Scalar =>
  value === null ||
  typeof value === 'string' ||
  typeof value === 'number' ||
  typeof value === 'boolean';

const typeRank = (value: Scalar): number => {
  if (value === null) return 0;
  if (typeof value === 'number') return 1;
  if (typeof value === 'string') return 2;
  return 3;
};

/** A total order over scalars: null < numbers < strings < booleans, then by value. */
export const compareScalars = (a: Scalar, b: Scalar): number => {
  const rank = typeRank(a) - typeRank(b);
  if (rank !== 0) return rank;
  if (a === b || a === null || b === null) return 0;
  return a < b ? -1 : 1;
};

const sameType = (a: Scalar, b: Scalar): boolean => typeRank(a) === typeRank(b);

const inRange = (value: Scalar, op: '$gt' | '$gte' | '$lt' | '$lte', bound: Scalar): boolean => {
  if (!sameType(value, bound)) return false;
  const order = compareScalars(value, bound);
  if (op === '$gt') return order > 0;
  if (op === '$gte') return order >= 0;
  if (op === '$lt') return order < 0;
  return order <= 0;
};

const rangeOps = ['$gt', '$gte', '$lt', '$lte'] as const;

export const matchesCondition = (value: Scalar, condition: Condition): boolean => {
  if (condition === null || typeof condition !== 'object')
    return compareScalars(value, condition) === 0;
  if (condition.$eq !== undefined && compareScalars(value, condition.$eq) !== 0) return false;
  if (condition.$in !== undefined && !condition.$in.some((v) => compareScalars(value, v) === 0))
    return false;
  for (const op of rangeOps) {
    const bound = condition[op];
    if (bound !== undefined && !inRange(value, op, bound)) return false;
  }
  if (condition.$prefix !== undefined)
    return typeof value === 'string' && value.startsWith(condition.$prefix);
  return true;
};

export const matches = (doc: unknown, filter: Filter): boolean =>
  Object.entries(filter).every(([path, condition]) =>
    matchesCondition(valueAt(doc, path), condition),
  );

/** The single value a condition pins its field to, if it does (`x` or `{ $eq: x }`). */
export const equalityValue = (condition: Condition | undefined): Scalar | undefined => {
  if (condition === undefined) return undefined;
  if (condition === null || typeof condition !== 'object') return condition;
  const keys = Object.keys(condition);
  return keys.length === 1 && condition.$eq !== undefined ? condition.$eq : undefined;
};

/** Compares documents by a sort spec (values in the order of `sort`). */
export const compareKeys = (a: readonly Scalar[], b: readonly Scalar[], sort: SortSpec): number => {
  // Plain indexed loops: this is the comparator of every index insert and seek.
  for (let index = 0; index < sort.length; index++) {
    const order = compareScalars(a[index] ?? null, b[index] ?? null);
    if (order !== 0) return order * (sort[index]?.[1] ?? 1);
  }
  return 0;
};

export const keyOf = (doc: unknown, sort: SortSpec): Scalar[] =>
  sort.map(([field]) => valueAt(doc, field));
