import {
  MongoBulkWriteError,
  MongoClient,
  MongoServerError,
  type AnyBulkWriteOperation,
  type Collection,
  type Db,
  type Document,
  type OneOrMore,
  type WriteError,
} from 'mongodb';
import type { z } from 'zod';
import { toMongoFilter, toMongoQuery, toMongoSort } from './mongo-filter.ts';
import type { PutOutcome, ReadModelCollection, ReadModelStore, StoredDoc } from './store.ts';

const duplicateKey = 11000;
const namespaceNotFound = 26;

const isDuplicateKey = (error: unknown): boolean =>
  error instanceof MongoServerError && error.code === duplicateKey;

const isMany = <T>(value: OneOrMore<T>): value is readonly T[] => Array.isArray(value);

/** The operations a guard refused (duplicate keys); any other write error fails the write. */
const refusedIndexes = (error: MongoBulkWriteError): Set<number> => {
  const given: OneOrMore<WriteError> = error.writeErrors;
  const errors: readonly WriteError[] = isMany(given) ? given : [given];
  if (errors.length === 0 || errors.some((writeError) => writeError.code !== duplicateKey))
    throw error;
  return new Set(errors.map((writeError) => writeError.index));
};

const indexNames = async (rows: Collection<StoredDoc>): Promise<string[]> => {
  try {
    const indexes: readonly { readonly name?: unknown }[] = await rows.listIndexes().toArray();
    return indexes.map((index) => String(index.name));
  } catch (error) {
    if (error instanceof MongoServerError && error.code === namespaceNotFound) return [];
    throw error;
  }
};

const withoutId = ({ _id, ...rest }: StoredDoc): Document => rest;

const mongoCollection = <D extends StoredDoc>(
  db: Db,
  name: string,
  schema: z.ZodType<D>,
  byIdOnly: boolean,
): ReadModelCollection<D> => {
  const rows: Collection<StoredDoc> = db.collection<StoredDoc>(name);
  // Documents come back from another process: checked against their schema.
  const parse = (raw: unknown): D => schema.parse(raw);
  const guardOf = (doc: D, guard: 'position' | 'none') =>
    guard === 'position' ? { _id: doc._id, _position: { $lt: doc._position } } : { _id: doc._id };

  return {
    name,
    async get(id) {
      const found = await rows.findOne({ _id: id });
      return found === null ? undefined : parse(found);
    },
    async getMany(ids) {
      const found = new Map<string, D>();
      if (ids.length === 0) return found;
      const raws = byIdOnly
        ? await Promise.all(ids.map((id) => rows.findOne({ _id: id })))
        : await rows.find({ _id: { $in: [...ids] } }).toArray();
      for (const raw of raws) {
        if (raw === null) continue;
        const doc = parse(raw);
        found.set(doc._id, doc);
      }
      return found;
    },
    async bulkPut(docs, guard): Promise<PutOutcome> {
      if (docs.length === 0) return { written: 0, stale: 0 };
      if (guard === 'position' && docs.some((doc) => doc._position === undefined))
        throw new Error('a guarded write needs _position on every document');
      let pending: AnyBulkWriteOperation<StoredDoc>[] = docs.map((doc) => ({
        replaceOne: { filter: guardOf(doc, guard), replacement: withoutId(doc), upsert: true },
      }));
      let stale = 0;
      while (pending.length > 0) {
        try {
          await rows.bulkWrite(pending, { ordered: false });
          break;
        } catch (error) {
          if (!(error instanceof MongoBulkWriteError)) throw error;
          const refused = refusedIndexes(error);
          stale += refused.size;
          const { matchedCount, upsertedCount } = error.result;
          if (matchedCount + upsertedCount + refused.size === pending.length) break;
          // FerretDB v1 ends an unordered bulk write at its first error: what followed is sent
          // again (a guarded write that did happen is refused the second time, so this is safe).
          pending = pending.filter((_, index) => !refused.has(index));
        }
      }
      return { written: docs.length - stale, stale };
    },
    async putIf(doc, condition) {
      try {
        await rows.replaceOne({ ...toMongoFilter(condition), _id: doc._id }, withoutId(doc), {
          upsert: true,
        });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },
    async delete(ids) {
      if (ids.length > 0) await rows.deleteMany({ _id: { $in: [...ids] } });
    },
    async find(query = {}) {
      const cursor = rows.find(toMongoQuery(query), {
        sort: toMongoSort(query.sort ?? []),
        ...(query.limit === undefined ? {} : { limit: query.limit }),
      });
      return (await cursor.toArray()).map(parse);
    },
    count: (filter = {}) => rows.countDocuments(toMongoFilter(filter)),
    async ensureIndexes(specs) {
      // Only the missing ones: FerretDB v1 breaks the connection on a createIndexes that names
      // several indexes which already exist.
      const existing = new Set(await indexNames(rows));
      const missing = specs.filter((spec) => !existing.has(spec.name));
      if (missing.length === 0) return;
      await rows.createIndexes(
        missing.map((spec) => ({ name: spec.name, key: toMongoSort(spec.fields) })),
      );
    },
    async drop() {
      try {
        await rows.drop();
      } catch (error) {
        if (!(error instanceof MongoServerError && error.code === namespaceNotFound)) throw error;
      }
    },
  };
};

/**
 * Read models in MongoDB (connected mode), written for MongoDB 7 and kept within what FerretDB v1
 * supports (no transactions, no renames over a target): whole-document replaces guarded by
 * position, where a duplicate key means "the stored one is already newer".
 */
export const connectMongoStore = async (url: string, database: string): Promise<ReadModelStore> => {
  // Optional fields left undefined are left out, rather than stored as null.
  const client = new MongoClient(url, { ignoreUndefined: true });
  await client.connect();
  const db = client.db(database);
  // FerretDB v1 reads through an index only for one _id equality: an $in over ids scans the
  // whole collection (200 ms over 5,000 documents), one findOne per id takes about a millisecond.
  const build = await db.admin().command({ buildInfo: 1 });
  const byIdOnly = 'ferretdbVersion' in build;
  return {
    kind: 'mongodb',
    collection: (name, schema) => mongoCollection(db, name, schema, byIdOnly),
    async collections() {
      const listed = await db.listCollections({}, { nameOnly: true }).toArray();
      return listed.map((collection) => collection.name);
    },
    async ping() {
      await db.command({ ping: 1 });
    },
    close: () => client.close(),
  };
};
