import { compareKeys, compareScalars, equalityValue, keyOf } from './filter.ts';
import { SortedList } from './sorted-list.ts';
import type { Direction, Filter, FindQuery, IndexSpec, Scalar, SortSpec } from './store.ts';

interface Bounds {
  readonly $gt?: Scalar | undefined;
  readonly $gte?: Scalar | undefined;
  readonly $lt?: Scalar | undefined;
  readonly $lte?: Scalar | undefined;
}

/** An index entry: the document's values of the index fields, `_id` last. */
interface Entry {
  readonly key: readonly Scalar[];
  readonly id: string;
}

/** How a query walks an index: the equality prefix it stays in, and in which direction. */
export interface IndexPlan {
  readonly index: MemoryIndex;
  readonly equal: readonly Scalar[];
  /** Sort fields after the prefix, as the query wants them (empty for a count). */
  readonly sort: SortSpec;
  readonly reversed: boolean;
}

/** A sorted index over documents in memory, as MongoDB keeps a B-tree of index keys. */
export class MemoryIndex {
  readonly fields: SortSpec;
  private readonly entries: SortedList<Entry>;

  constructor(spec: IndexSpec) {
    // `_id` closes every key so entries are unique and ties are ordered.
    this.fields = spec.fields.some(([field]) => field === '_id')
      ? spec.fields
      : [...spec.fields, ['_id', 1]];
    const fields = this.fields;
    this.entries = new SortedList<Entry>((a, b) => compareKeys(a.key, b.key, fields));
  }

  add(doc: { _id: string }): void {
    this.entries.insert({ key: keyOf(doc, this.fields), id: doc._id });
  }

  remove(doc: { _id: string }): void {
    this.entries.remove({ key: keyOf(doc, this.fields), id: doc._id });
  }

  /**
   * Moves a rewritten document's entry, only if its key changed: most writes of a projection
   * (a counter, a status kept) leave every indexed field as it was, and cost nothing here.
   */
  replace(old: { _id: string }, doc: { _id: string }): void {
    const before = keyOf(old, this.fields);
    const after = keyOf(doc, this.fields);
    if (compareKeys(before, after, this.fields) === 0) return;
    this.entries.remove({ key: before, id: old._id });
    this.entries.insert({ key: after, id: doc._id });
  }

  /**
   * The plan that uses this index for a query, if it can: some leading fields pinned by equality
   * in the filter, then the query's sort fields in the same (or all reversed) directions.
   */
  planFor(filter: Filter, sort: SortSpec): IndexPlan | undefined {
    const equal: Scalar[] = [];
    for (const [field] of this.fields) {
      const value = equalityValue(filter[field]);
      if (value === undefined) break;
      equal.push(value);
    }
    const rest = this.fields.slice(equal.length, equal.length + sort.length);
    if (rest.length < sort.length) return undefined;
    const same = sort.every(([field, dir], i) => rest[i]?.[0] === field && rest[i][1] === dir);
    const opposite = sort.every(([field, dir], i) => rest[i]?.[0] === field && rest[i][1] === -dir);
    if (!same && !opposite) return undefined;
    if (equal.length === 0 && sort.length === 0) return undefined;
    return { index: this, equal, sort, reversed: !same };
  }

  /**
   * Ids in the query's order, starting after `query.after` and within the range the filter sets
   * on the first sort field; the caller still applies the whole filter to each.
   */
  *scan(plan: IndexPlan, query: FindQuery): Generator<string> {
    const { equal, sort, reversed } = plan;
    const prefix = this.fields.slice(0, equal.length);
    const first = sort[0];
    const condition = first === undefined ? undefined : query.filter?.[first[0]];
    const range: Bounds = typeof condition === 'object' && condition !== null ? condition : {};
    const equalOrder = (entry: Entry) => compareKeys(entry.key, equal, prefix);
    const value = (entry: Entry) => entry.key[equal.length] ?? null;
    // Bounds in the query's direction on the first sort field: where to start, where to stop.
    const ascending = first === undefined || first[1] === 1;
    const low: Bounds = ascending ? range : { $gt: range.$lt, $gte: range.$lte };
    const high: Bounds = ascending ? range : { $lt: range.$gt, $lte: range.$gte };
    const direction: Direction = ascending ? 1 : -1;
    const reached = (entry: Entry): boolean => {
      const v = value(entry);
      const order = (bound: Scalar) => compareScalars(v, bound) * direction;
      if (low.$gt !== undefined && order(low.$gt) <= 0) return false;
      if (low.$gte !== undefined && order(low.$gte) < 0) return false;
      const after = query.after;
      if (after === undefined) return true;
      const own = entry.key.slice(equal.length, equal.length + sort.length);
      return compareKeys(own, after, sort) > 0;
    };
    const passed = (entry: Entry): boolean => {
      const v = value(entry);
      const order = (bound: Scalar) => compareScalars(v, bound) * direction;
      return (
        (high.$lt !== undefined && order(high.$lt) >= 0) ||
        (high.$lte !== undefined && order(high.$lte) > 0)
      );
    };
    // In index order the region of the prefix is contiguous, and `reached` flips once within it.
    const entries = reversed
      ? this.entries.backward((e) => equalOrder(e) > 0 || (equalOrder(e) === 0 && !reached(e)))
      : this.entries.forward((e) => equalOrder(e) > 0 || (equalOrder(e) === 0 && reached(e)));
    for (const entry of entries) {
      if (equalOrder(entry) !== 0 || passed(entry)) return;
      yield entry.id;
    }
  }
}
