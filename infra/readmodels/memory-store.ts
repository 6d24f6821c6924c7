import { compareKeys, equalityValue, keyOf, matches } from './filter.ts';
import { MemoryIndex, type IndexPlan } from './memory-index.ts';
import type {
  Filter,
  FindQuery,
  IndexSpec,
  PutOutcome,
  ReadModelCollection,
  ReadModelStore,
  StoredDoc,
} from './store.ts';

interface Table {
  readonly docs: Map<string, StoredDoc>;
  readonly indexes: Map<string, MemoryIndex>;
}

const bestPlan = (table: Table, filter: Filter, sort: FindQuery['sort'] = []) => {
  let best: IndexPlan | undefined;
  for (const index of table.indexes.values()) {
    const plan = index.planFor(filter, sort);
    if (plan !== undefined && (best === undefined || plan.equal.length > best.equal.length))
      best = plan;
  }
  return best;
};

const put = (table: Table, doc: StoredDoc): void => {
  const old = table.docs.get(doc._id);
  for (const index of table.indexes.values()) {
    if (old === undefined) index.add(doc);
    else index.replace(old, doc);
  }
  table.docs.set(doc._id, doc);
};

const isNewer = (doc: StoredDoc, old: StoredDoc | undefined): boolean => {
  if (doc._position === undefined) throw new Error(`${doc._id}: a guarded write needs _position`);
  return old?._position === undefined || old._position < doc._position;
};

/** Every match in the query's order: an index walk when one fits, else a scan and a sort. */
const query = (table: Table, { filter = {}, sort = [], limit, after }: FindQuery): StoredDoc[] => {
  const max = limit ?? Number.POSITIVE_INFINITY;
  const id = equalityValue(filter._id);
  if (typeof id === 'string') {
    const doc = table.docs.get(id);
    return doc !== undefined && matches(doc, filter) ? [doc] : [];
  }
  const plan = bestPlan(table, filter, sort);
  if (plan !== undefined) {
    const found: StoredDoc[] = [];
    for (const id of plan.index.scan(plan, { filter, ...(after ? { after } : {}) })) {
      if (found.length >= max) break;
      const doc = table.docs.get(id);
      if (doc !== undefined && matches(doc, filter)) found.push(doc);
    }
    return found;
  }
  const sorted = [...table.docs.values()]
    .filter((doc) => matches(doc, filter))
    .map((doc) => ({ doc, key: keyOf(doc, sort) }))
    .filter(({ key }) => after === undefined || compareKeys(key, after, sort) > 0)
    .sort((a, b) => compareKeys(a.key, b.key, sort))
    .map(({ doc }) => doc);
  return Number.isFinite(max) ? sorted.slice(0, max) : sorted;
};

/**
 * Read models in this process's memory (embedded mode): the same interface as MongoDB, with
 * sorted indexes so filtered, sorted pages stay fast over a million documents. Documents are
 * kept and handed out as they are given: callers treat them as immutable.
 */
export const createMemoryStore = (): ReadModelStore => {
  const tables = new Map<string, Table>();
  const table = (name: string): Table => {
    let found = tables.get(name);
    if (found === undefined) {
      found = { docs: new Map(), indexes: new Map() };
      tables.set(name, found);
    }
    return found;
  };
  const existing = (name: string): Table | undefined => tables.get(name);

  // The schema is not needed: documents never leave this process.
  const collection = <D extends StoredDoc>(name: string): ReadModelCollection<D> => ({
    name,
    get: (id) => Promise.resolve(existing(name)?.docs.get(id) as D | undefined),
    getMany(ids) {
      const docs = existing(name)?.docs;
      const found = new Map<string, D>();
      for (const id of ids) {
        const doc = docs?.get(id);
        if (doc !== undefined) found.set(id, doc as D);
      }
      return Promise.resolve(found);
    },
    bulkPut(docs, guard) {
      const target = table(name);
      let written = 0;
      for (const doc of docs) {
        if (guard === 'position' && !isNewer(doc, target.docs.get(doc._id))) continue;
        put(target, doc);
        written++;
      }
      return Promise.resolve<PutOutcome>({ written, stale: docs.length - written });
    },
    putIf(doc, condition) {
      const target = table(name);
      const old = target.docs.get(doc._id);
      if (old !== undefined && !matches(old, condition)) return Promise.resolve(false);
      put(target, doc);
      return Promise.resolve(true);
    },
    delete(ids) {
      const target = existing(name);
      for (const id of ids) {
        const old = target?.docs.get(id);
        if (target === undefined || old === undefined) continue;
        for (const index of target.indexes.values()) index.remove(old);
        target.docs.delete(id);
      }
      return Promise.resolve();
    },
    find: (q = {}) => {
      const found = existing(name);
      return Promise.resolve((found === undefined ? [] : query(found, q)) as D[]);
    },
    count(filter = {}) {
      const found = existing(name);
      if (found === undefined) return Promise.resolve(0);
      if (Object.keys(filter).length === 0) return Promise.resolve(found.docs.size);
      return Promise.resolve(query(found, { filter }).length);
    },
    ensureIndexes(specs: readonly IndexSpec[]) {
      const target = table(name);
      for (const spec of specs) {
        if (target.indexes.has(spec.name)) continue;
        const index = new MemoryIndex(spec);
        for (const doc of target.docs.values()) index.add(doc);
        target.indexes.set(spec.name, index);
      }
      return Promise.resolve();
    },
    drop() {
      tables.delete(name);
      return Promise.resolve();
    },
  });

  return {
    kind: 'memory',
    collection,
    collections: () => Promise.resolve([...tables.keys()]),
    ping: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
};
