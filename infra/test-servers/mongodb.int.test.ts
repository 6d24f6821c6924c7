import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient, MongoServerError, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalFerretDb } from './mongodb.ts';
import { serverUrl } from './use-server.ts';

// What read models need from MongoDB, asserted as MongoDB 7 behaves: these pass against mongo:7
// and against the local FerretDB alike. What FerretDB lacks is listed on mongodbProvider.

interface Row {
  _id: string;
  revision?: number;
  status?: string;
  total?: number;
  placedAt?: number;
  createdBy?: string;
}

let client: MongoClient;
let db: Db;

beforeAll(async () => {
  client = new MongoClient(serverUrl('mongodb'));
  db = client.db(`harness_${randomUUID().slice(0, 8)}`);
  await db.command({ ping: 1 });
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

const collection = () => db.collection<Row>(`c_${randomUUID().slice(0, 8)}`);

const duplicateKeyCode = (attempt: Promise<unknown>): Promise<unknown> =>
  attempt.then(
    () => 'no error',
    (error: unknown) => (error instanceof MongoServerError ? error.code : error),
  );

describe('writes', () => {
  it('inserts one and many documents', async () => {
    const rows = collection();
    await rows.insertOne({ _id: 'a', revision: 1 });
    const many = await rows.insertMany([{ _id: 'b' }, { _id: 'c' }]);

    expect(many.insertedCount).toBe(2);
    expect(await rows.find({}, { sort: { _id: 1 } }).toArray()).toEqual([
      { _id: 'a', revision: 1 },
      { _id: 'b' },
      { _id: 'c' },
    ]);
  });

  it('upserts in bulk with $set, $inc and $setOnInsert', async () => {
    const rows = collection();
    await rows.insertOne({ _id: 'old', total: 5, createdBy: 'first' });
    const upsert = (_id: string) => ({
      updateOne: {
        filter: { _id },
        update: { $set: { status: 'paid' }, $inc: { total: 2 }, $setOnInsert: { createdBy: _id } },
        upsert: true,
      },
    });

    const result = await rows.bulkWrite([upsert('old'), upsert('new')], { ordered: false });

    expect([result.matchedCount, result.modifiedCount, result.upsertedCount]).toEqual([1, 1, 1]);
    expect(await rows.find({}, { sort: { _id: 1 } }).toArray()).toEqual([
      { _id: 'new', status: 'paid', total: 2, createdBy: 'new' },
      { _id: 'old', status: 'paid', total: 7, createdBy: 'first' },
    ]);
  });

  it('updates 500 existing documents in one bulkWrite', async () => {
    const rows = collection();
    const ids = Array.from({ length: 500 }, (_, index) => `row-${index}`);
    await rows.insertMany(ids.map((_id) => ({ _id, total: 0 })));

    const result = await rows.bulkWrite(
      ids.map((_id) => ({ updateOne: { filter: { _id }, update: { $inc: { total: 1 } } } })),
      { ordered: false },
    );

    expect(result.modifiedCount).toBe(500);
    expect(await rows.countDocuments({ total: 1 })).toBe(500);
  });

  it('applies a revision-guarded upsert once, and refuses a stale one with a duplicate key', async () => {
    const rows = collection();
    const apply = (revision: number) =>
      rows.updateOne(
        { _id: 'order-1', revision: { $lt: revision } },
        { $set: { revision, status: `at ${revision}` } },
        { upsert: true },
      );

    expect((await apply(1)).upsertedCount).toBe(1);
    expect((await apply(3)).modifiedCount).toBe(1);
    expect(await duplicateKeyCode(apply(2))).toBe(11000);
    expect(await duplicateKeyCode(apply(3))).toBe(11000);
    expect(await rows.findOne({ _id: 'order-1' })).toEqual({
      _id: 'order-1',
      revision: 3,
      status: 'at 3',
    });
  });

  it('finds one and updates it, upserting when missing', async () => {
    const rows = collection();
    await rows.insertOne({ _id: 'a', total: 1 });

    const updated = await rows.findOneAndUpdate(
      { _id: 'a' },
      { $inc: { total: 4 } },
      { returnDocument: 'after' },
    );
    const created = await rows.findOneAndUpdate(
      { _id: 'b' },
      { $inc: { total: 1 } },
      { returnDocument: 'after', upsert: true },
    );

    expect([updated, created]).toEqual([
      { _id: 'a', total: 5 },
      { _id: 'b', total: 1 },
    ]);
  });
});

describe('reads', () => {
  const seeded = async () => {
    const rows = collection();
    await rows.insertMany(
      [1, 2, 2, 2, 3, 4, 5].map((placedAt, index) => ({ _id: `o-${index}`, placedAt })),
    );
    return rows;
  };
  const ids = (found: Row[]) => found.map((row) => row._id);

  it('filters with $lt, $gt, $lte, $gte, $in and $eq', async () => {
    const rows = await seeded();
    const sorted = { sort: { _id: 1 } } as const;

    expect(ids(await rows.find({ placedAt: { $lt: 2 } }, sorted).toArray())).toEqual(['o-0']);
    expect(ids(await rows.find({ placedAt: { $gt: 3 } }, sorted).toArray())).toEqual([
      'o-5',
      'o-6',
    ]);
    expect(
      ids(
        await rows
          .find({ placedAt: { $gte: 2, $lte: 3 }, _id: { $in: ['o-1', 'o-4'] } }, sorted)
          .toArray(),
      ),
    ).toEqual(['o-1', 'o-4']);
    expect(ids(await rows.find({ placedAt: { $eq: 5 } }).toArray())).toEqual(['o-6']);
  });

  it('pages with a keyset over two sort fields', async () => {
    const rows = await seeded();
    const pages: string[][] = [];
    let after: Row | undefined;
    do {
      const filter = after
        ? {
            $or: [
              { placedAt: { $lt: after.placedAt } },
              { placedAt: after.placedAt, _id: { $lt: after._id } },
            ],
          }
        : {};
      const page = await rows.find(filter, { sort: { placedAt: -1, _id: -1 }, limit: 3 }).toArray();
      pages.push(ids(page));
      after = page.length === 3 ? page.at(-1) : undefined;
    } while (after);

    expect(pages).toEqual([['o-6', 'o-5', 'o-4'], ['o-3', 'o-2', 'o-1'], ['o-0']]);
  });

  it('counts documents and groups them with $match and $group', async () => {
    const rows = await seeded();

    const groups = await rows
      .aggregate([
        { $match: { placedAt: { $gte: 2 } } },
        { $group: { _id: '$placedAt', count: { $sum: 1 }, sum: { $sum: '$placedAt' } } },
        { $sort: { _id: 1 } },
      ])
      .toArray();

    expect(await rows.countDocuments({ placedAt: { $lte: 2 } })).toBe(4);
    expect(groups).toEqual([
      { _id: 2, count: 3, sum: 6 },
      { _id: 3, count: 1, sum: 3 },
      { _id: 4, count: 1, sum: 4 },
      { _id: 5, count: 1, sum: 5 },
    ]);
  });
});

describe('collections and indexes', () => {
  it('creates a compound index and a unique one, which refuses a duplicate', async () => {
    const rows = collection();
    await rows.createIndex({ status: 1, placedAt: -1 }, { name: 'by_status' }, undefined);
    await rows.createIndex({ createdBy: 1 }, { name: 'one_per_creator', unique: true }, undefined);
    await rows.insertOne({ _id: 'a', createdBy: 'x' });

    const indexes = await rows.indexes();

    expect(indexes.map(({ name, key, unique }) => ({ name, key, unique }))).toEqual([
      { name: '_id_', key: { _id: 1 }, unique: undefined },
      { name: 'by_status', key: { status: 1, placedAt: -1 }, unique: undefined },
      { name: 'one_per_creator', key: { createdBy: 1 }, unique: true },
    ]);
    expect(await duplicateKeyCode(rows.insertOne({ _id: 'b', createdBy: 'x' }))).toBe(11000);
  });

  it('renames, lists and drops collections', async () => {
    const rows = collection();
    await rows.insertOne({ _id: 'a' });
    const renamed = `renamed_${randomUUID().slice(0, 8)}`;

    const names = async () =>
      (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);

    await db.renameCollection(rows.collectionName, renamed);
    const afterRename = await names();
    const moved = await db.collection<Row>(renamed).find().toArray();
    await db.collection(renamed).drop();

    expect(afterRename).toContain(renamed);
    expect(afterRename).not.toContain(rows.collectionName);
    expect(moved).toEqual([{ _id: 'a' }]);
    expect(await names()).not.toContain(renamed);
  });
});

describe('the local server', () => {
  it('answers on 127.0.0.1, and once stopped no longer answers and leaves no directory', async () => {
    const server = await startLocalFerretDb();
    const answers = async () => {
      const local = new MongoClient(server.url, { serverSelectionTimeoutMS: 1_000 });
      try {
        return (await local.db('admin').command({ ping: 1 })).ok === 1;
      } catch {
        return false;
      } finally {
        await local.close();
      }
    };

    expect(server.url).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    expect(existsSync(server.logFile)).toBe(true);
    expect(await answers()).toBe(true);
    await server.stop();
    expect(await answers()).toBe(false);
    expect(existsSync(server.dir)).toBe(false);
  });

  it('keeps its data in a PostgreSQL cluster of its own, stopped and removed with it', async () => {
    const server = await startLocalFerretDb();
    const cluster = server.postgresDir ?? '(none)';
    const postmasterPid = join(cluster, 'data', 'postmaster.pid');
    try {
      expect(server.backend).toBe('postgresql');
      // Only a unix socket in its own directory: no TCP port to collide with a neighbour's.
      expect(existsSync(join(cluster, '.s.PGSQL.5432'))).toBe(true);
      expect(existsSync(postmasterPid)).toBe(true);
    } finally {
      await server.stop();
    }
    expect(existsSync(cluster)).toBe(false);
  });
});
