// Test support only: the read-model store's contract, one spec run against every implementation
// (memory in store.unit.test.ts, MongoDB or FerretDB in store.int.test.ts).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { seededRandom } from '../../domain/shared/prng.ts';
import { compareKeys, keyOf, matches } from './filter.ts';
import type { Filter, IndexSpec, ReadModelStore, SortSpec } from './store.ts';

const rowSchema = z.object({
  _id: z.string(),
  _position: z.string().optional(),
  status: z.string(),
  customerId: z.string(),
  placedAt: z.string(),
  total: z.object({ amount: z.number() }),
  reason: z.string().optional(),
});
type Row = z.infer<typeof rowSchema>;

const statuses = ['placed', 'confirmed', 'shipped', 'cancelled'];
const indexes: IndexSpec[] = [
  {
    name: 'by_placed',
    fields: [
      ['placedAt', -1],
      ['_id', -1],
    ],
  },
  {
    name: 'by_status',
    fields: [
      ['status', 1],
      ['placedAt', -1],
      ['_id', -1],
    ],
  },
  {
    name: 'by_customer_status',
    fields: [
      ['customerId', 1],
      ['status', 1],
      ['placedAt', -1],
      ['_id', -1],
    ],
  },
];

/** Rows with many ties on placedAt, so keyset pages must use the id to break them. */
const rows = (count: number, seed: number): Row[] => {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, n) => ({
    _id: `o-${String(n).padStart(4, '0')}`,
    status: statuses[random.int(0, statuses.length - 1)] ?? 'placed',
    customerId: `c-${random.int(1, 4)}`,
    placedAt: `2025-03-01T10:${String(random.int(0, 9)).padStart(2, '0')}:00.000Z`,
    total: { amount: random.int(100, 10_000) },
    ...(n % 7 === 0 ? { reason: 'why' } : {}),
  }));
};

/** What a correct store answers, computed the slow way. */
const oracle = (
  all: readonly Row[],
  filter: Filter,
  sort: SortSpec,
  limit: number,
  after?: readonly (string | number)[],
) =>
  all
    .filter((row) => matches(row, filter))
    .filter((row) => after === undefined || compareKeys(keyOf(row, sort), after, sort) > 0)
    .sort((a, b) => compareKeys(keyOf(a, sort), keyOf(b, sort), sort))
    .slice(0, limit)
    .map((row) => row._id);

export const readModelStoreContract = (name: string, open: () => Promise<ReadModelStore>): void => {
  describe(`the read-model store (${name})`, () => {
    let store: ReadModelStore;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store.close();
    });
    const fresh = () => store.collection(`contract_${randomUUID().slice(0, 8)}`, rowSchema);

    it('puts whole documents, gets one or many, and lists and drops the collection', async () => {
      const rowsOf = fresh();
      const [a, b] = rows(2, 1);
      if (a === undefined || b === undefined) throw new Error('no rows');
      await rowsOf.bulkPut([a, b], 'none');
      await rowsOf.bulkPut([{ ...a, status: 'shipped', reason: undefined }], 'none');

      expect(await rowsOf.get(a._id)).toEqual({ ...a, status: 'shipped', reason: undefined });
      expect(await rowsOf.get('missing')).toBeUndefined();
      expect([...(await rowsOf.getMany([b._id, 'missing', a._id])).keys()].sort()).toEqual([
        a._id,
        b._id,
      ]);
      await rowsOf.delete([b._id, 'missing']);
      expect(await rowsOf.find({ sort: [['_id', 1]] })).toEqual([
        { ...a, status: 'shipped', reason: undefined },
      ]);
      expect(await store.collections()).toContain(rowsOf.name);
      await rowsOf.drop();
      await rowsOf.drop();
      expect(await store.collections()).not.toContain(rowsOf.name);
      expect(await rowsOf.find()).toEqual([]);
    });

    it('writes a guarded document only over an older position, and counts the refused as stale', async () => {
      const rowsOf = fresh();
      const [row] = rows(1, 2);
      if (row === undefined) throw new Error('no rows');
      const at = (position: string, status: string) => ({ ...row, _position: position, status });

      expect(await rowsOf.bulkPut([at('0005', 'placed')], 'position')).toEqual({
        written: 1,
        stale: 0,
      });
      expect(await rowsOf.bulkPut([at('0009', 'shipped')], 'position')).toEqual({
        written: 1,
        stale: 0,
      });
      expect(
        await rowsOf.bulkPut([at('0007', 'confirmed'), at('0009', 'again')], 'position'),
      ).toEqual({
        written: 0,
        stale: 2,
      });
      expect(await rowsOf.get(row._id)).toMatchObject({ _position: '0009', status: 'shipped' });
    });

    it('writes the newer documents of a batch in which others are refused', async () => {
      const rowsOf = fresh();
      const [a, b, c] = rows(3, 8);
      if (a === undefined || b === undefined || c === undefined) throw new Error('no rows');
      await rowsOf.bulkPut(
        [
          { ...a, _position: '0009' },
          { ...b, _position: '0001' },
        ],
        'position',
      );

      await rowsOf.bulkPut(
        [
          { ...a, _position: '0004', status: 'stale' },
          { ...b, _position: '0005', status: 'newer' },
          { ...a, _position: '0008', status: 'stale' },
          { ...c, _position: '0005', status: 'new' },
        ],
        'position',
      );

      const stored = await rowsOf.getMany([a._id, b._id, c._id]);
      expect(
        [a, b, c].map((row) => [stored.get(row._id)?._position, stored.get(row._id)?.status]),
      ).toEqual([
        ['0009', a.status],
        ['0005', 'newer'],
        ['0005', 'new'],
      ]);
    });

    it('compares and sets: inserts a missing document, replaces one that matches, refuses one that does not', async () => {
      const rowsOf = fresh();
      const [row] = rows(1, 3);
      if (row === undefined) throw new Error('no rows');

      expect(await rowsOf.putIf({ ...row, status: 'placed' }, { status: 'none' })).toBe(true);
      expect(await rowsOf.putIf({ ...row, status: 'confirmed' }, { status: 'shipped' })).toBe(
        false,
      );
      expect(
        await rowsOf.putIf({ ...row, status: 'confirmed' }, { status: { $in: ['placed', 'x'] } }),
      ).toBe(true);
      expect((await rowsOf.get(row._id))?.status).toBe('confirmed');
    });

    it('filters by equality, $in, ranges, id prefix, dotted paths and missing fields, and counts', async () => {
      const rowsOf = fresh();
      const all = rows(120, 4);
      await rowsOf.bulkPut(all, 'none');
      const filters: Filter[] = [
        { status: 'placed' },
        { status: { $in: ['shipped', 'cancelled'] }, customerId: 'c-2' },
        { placedAt: { $gte: '2025-03-01T10:03:00.000Z', $lt: '2025-03-01T10:06:00.000Z' } },
        { 'total.amount': { $gt: 2_000, $lte: 6_000 } },
        { _id: { $prefix: 'o-001' } },
        { reason: null },
        { reason: 'why', status: { $eq: 'placed' } },
      ];
      const byId: SortSpec = [['_id', 1]];
      for (const filter of filters) {
        const expected = oracle(all, filter, byId, 1_000);
        expect(expected.length, JSON.stringify(filter)).toBeGreaterThan(0);
        expect(
          (await rowsOf.find({ filter, sort: byId })).map((r) => r._id),
          JSON.stringify(filter),
        ).toEqual(expected);
        expect(await rowsOf.count(filter), JSON.stringify(filter)).toBe(expected.length);
      }
      expect(await rowsOf.count()).toBe(all.length);
    });

    it('pages with a keyset the same way with or without indexes, in both directions', async () => {
      const all = rows(150, 5);
      const plain = fresh();
      const indexed = fresh();
      await indexed.ensureIndexes(indexes);
      await Promise.all([plain.bulkPut(all, 'none'), indexed.bulkPut(all, 'none')]);
      await indexed.ensureIndexes(indexes);
      const random = seededRandom(6);
      for (let round = 0; round < 12; round++) {
        const direction = random.next() < 0.5 ? 1 : -1;
        const sort: SortSpec = [
          ['placedAt', direction],
          ['_id', direction],
        ];
        const filter: Filter = {
          ...(round % 2 === 0 ? { status: statuses[round % 4] ?? 'placed' } : {}),
          ...(round % 3 === 0 ? { customerId: `c-${(round % 4) + 1}` } : {}),
          ...(round % 4 === 1
            ? { placedAt: { $gte: '2025-03-01T10:02:00.000Z', $lte: '2025-03-01T10:07:00.000Z' } }
            : {}),
          ...(round % 5 === 2 ? { 'total.amount': { $gte: 3_000 } } : {}),
        };
        const limit = random.int(3, 17);
        for (const rowsOf of [plain, indexed]) {
          const seen: string[] = [];
          let after: (string | number)[] | undefined;
          for (;;) {
            const page = await rowsOf.find({ filter, sort, limit, ...(after ? { after } : {}) });
            expect(page.map((r) => r._id)).toEqual(oracle(all, filter, sort, limit, after));
            seen.push(...page.map((r) => r._id));
            const last = page.at(-1);
            if (page.length < limit || last === undefined) break;
            after = [last.placedAt, last._id];
          }
          expect(seen).toEqual(oracle(all, filter, sort, all.length));
        }
      }
    });

    it('keeps indexes right as documents change and creates each index once', async () => {
      const rowsOf = fresh();
      await rowsOf.ensureIndexes(indexes);
      const all = rows(60, 7);
      await rowsOf.bulkPut(all, 'none');
      const moved = all.slice(0, 30).map((row) => ({ ...row, status: 'delivered' }));
      await rowsOf.bulkPut(moved, 'none');
      // Rewritten with every indexed field as it was: found once each, as written last.
      const kept = all.slice(30, 50).map((row) => ({ ...row, total: { amount: 1 } }));
      await rowsOf.bulkPut(kept, 'none');
      await rowsOf.ensureIndexes(indexes);
      const now = all.map(
        (row) => kept.find((k) => k._id === row._id) ?? moved.find((m) => m._id === row._id) ?? row,
      );
      const sort: SortSpec = [
        ['placedAt', -1],
        ['_id', -1],
      ];

      for (const status of ['delivered', 'placed']) {
        const found = await rowsOf.find({ filter: { status }, sort, limit: 100 });
        expect(found.map((r) => r._id)).toEqual(oracle(now, { status }, sort, 100));
        expect(found).toEqual(
          oracle(now, { status }, sort, 100).map((id) => now.find((r) => r._id === id)),
        );
      }
    });
  });
};
