import { describe, expect, it } from 'vitest';
import { foldInto } from '../fold.ts';
import { deliveredTwice, interleave, record, type Written } from '../testing/recorded.ts';
import { positionFree, project } from '../testing/spec.ts';
import { analyticsCarts } from './carts.ts';
import type { CartsDoc } from './carts-documents.ts';
import {
  added,
  cartEvent,
  cartHistory,
  catalog,
  changed,
  checkedOut,
  removed,
} from './testing/carts.ts';

const cartsOf = (written: readonly Written[]) =>
  project(analyticsCarts, record([...catalog(), ...written]));
const docOf = <K extends CartsDoc['kind']>(docs: Map<string, CartsDoc>, id: string, kind: K) => {
  const doc = docs.get(id);
  return doc?.kind === kind ? (doc as Extract<CartsDoc, { kind: K }>) : undefined;
};
const ofKind = <K extends CartsDoc['kind']>(docs: Map<string, CartsDoc>, kind: K) =>
  [...docs.values()].filter((doc): doc is Extract<CartsDoc, { kind: K }> => doc.kind === kind);

describe('analytics_carts: given a cart’s events, then the day’s carts and the abandoned ones', () => {
  it('a cart filled and checked out the same day: one started, one checked out, none abandoned', () => {
    const docs = cartsOf([
      cartEvent('c1', 10, added('c1', 'SKU-1', 2)),
      cartEvent('c1', 11, added('c1', 'SKU-2', 1)),
      cartEvent(
        'c1',
        12,
        checkedOut('c1', 'o1', [
          { sku: 'SKU-1', quantity: 2 },
          { sku: 'SKU-2', quantity: 1 },
        ]),
      ),
    ]);
    expect(docOf(docs, 'day:2025-03-01', 'day')).toMatchObject({
      started: 1,
      checkedOut: 1,
      emptied: 0,
      recovered: 0,
    });
    expect(ofKind(docs, 'abandoned')).toEqual([]);
    expect(docOf(docs, 'cart:c1', 'cart')).toMatchObject({ lines: [], value: 0, abandoned: false });
  });

  it('a cart left for 24 hours and come back to: abandoned on the day it was left, with what it held then', () => {
    // 2 × 19.99 + 1 × 12.50 left on 1 March at 22:00; the customer is back on 3 March.
    const docs = cartsOf([
      cartEvent('c1', 20, added('c1', 'SKU-1', 2)),
      cartEvent('c1', 22, added('c1', 'SKU-2', 1)),
      cartEvent('c1', 46, changed('c1', 'SKU-2', 3)),
      cartEvent(
        'c1',
        50,
        checkedOut('c1', 'o1', [
          { sku: 'SKU-1', quantity: 2 },
          { sku: 'SKU-2', quantity: 3 },
        ]),
      ),
    ]);
    expect(ofKind(docs, 'abandoned').map(positionFree)).toEqual([
      {
        _id: 'abandoned:cart-c1@2',
        kind: 'abandoned',
        key: '2025-03-01',
        customerId: 'c1',
        value: 2 * 1999 + 1250,
        currency: 'EUR',
      },
    ]);
    expect(docOf(docs, 'day:2025-03-03', 'day')).toMatchObject({
      started: 0,
      checkedOut: 1,
      recovered: 1,
    });
  });

  it('23 hours untouched is not abandoned; 24 are', () => {
    const docs = cartsOf([
      cartEvent('c1', 0, added('c1', 'SKU-1', 1)),
      cartEvent('c1', 23, added('c1', 'SKU-2', 1)),
      cartEvent('c1', 47, added('c1', 'SKU-3', 1)),
    ]);
    expect(ofKind(docs, 'abandoned').map((doc) => doc.key)).toEqual(['2025-03-01']);
  });

  it('a fill counts abandoned once, however often it is left again', () => {
    const docs = cartsOf([
      cartEvent('c1', 0, added('c1', 'SKU-1', 1)),
      cartEvent('c1', 30, added('c1', 'SKU-2', 1)),
      cartEvent('c1', 60, added('c1', 'SKU-3', 1)),
      cartEvent('c1', 90, removed('c1', 'SKU-3')),
    ]);
    expect(ofKind(docs, 'abandoned')).toHaveLength(1);
    expect(docOf(docs, 'cart:c1', 'cart')).toMatchObject({ abandoned: true });
  });

  it('emptied by hand: not abandoned; the next line starts a new fill', () => {
    const docs = cartsOf([
      cartEvent('c1', 1, added('c1', 'SKU-1', 1)),
      cartEvent('c1', 2, removed('c1', 'SKU-1')),
      cartEvent('c1', 3, added('c1', 'SKU-2', 1)),
    ]);
    expect(docOf(docs, 'day:2025-03-01', 'day')).toMatchObject({ started: 2, emptied: 1 });
  });

  it('a line added while the order was placed stays, and starts the next fill', () => {
    const docs = cartsOf([
      cartEvent('c1', 1, added('c1', 'SKU-1', 1)),
      cartEvent('c1', 2, added('c1', 'SKU-2', 1)),
      cartEvent('c1', 3, checkedOut('c1', 'o1', [{ sku: 'SKU-1', quantity: 1 }])),
    ]);
    expect(docOf(docs, 'day:2025-03-01', 'day')).toMatchObject({ started: 2, checkedOut: 1 });
    expect(docOf(docs, 'cart:c1', 'cart')).toMatchObject({
      lines: [{ sku: 'SKU-2', quantity: 1, unitPrice: 1250 }],
      value: 1250,
      abandoned: false,
    });
  });

  it('a line is priced at the catalog’s price when it was last added or changed', () => {
    const priceChange: Written = {
      stream: 'product-SKU-1',
      event: {
        type: 'ProductPriceChanged',
        data: {
          sku: 'SKU-1',
          unitPrice: { amount: 2500, currency: 'EUR' },
          previousUnitPrice: { amount: 1999, currency: 'EUR' },
        },
      },
      actor: 'admin',
      at: '2025-03-01T05:00:00.000Z',
    };
    const filled = cartsOf([cartEvent('c1', 1, added('c1', 'SKU-1', 2)), priceChange]);
    expect(docOf(filled, 'cart:c1', 'cart')?.value).toBe(2 * 1999);
    const changedAfter = cartsOf([
      cartEvent('c1', 1, added('c1', 'SKU-1', 2)),
      priceChange,
      cartEvent('c1', 6, changed('c1', 'SKU-1', 3)),
    ]);
    expect(docOf(changedAfter, 'cart:c1', 'cart')?.value).toBe(3 * 2500);
  });
});

describe('analytics_carts: delivered twice, replayed, interleaved', () => {
  const events = record([...catalog(), ...interleave(cartHistory(7), 7)]);

  it('every event delivered twice: the same documents', () => {
    expect(project(analyticsCarts, deliveredTwice(events))).toEqual(
      project(analyticsCarts, events),
    );
  });

  it('a batch replayed after only the carts’ documents were written counts nothing twice', () => {
    const cut = Math.floor(events.length / 2);
    const before = project(analyticsCarts, events.slice(0, cut));
    const batch = events.slice(cut, cut + 20);
    const crashed = project(analyticsCarts, batch, { into: new Map(before), batch: 20 });
    const store = new Map(before);
    for (const [id, doc] of crashed) if (doc.kind === 'cart') store.set(id, doc);

    foldInto(analyticsCarts, store, batch);
    project(analyticsCarts, events.slice(cut + 20), { into: store });

    expect(positionFree([...store].sort())).toEqual(
      positionFree([...project(analyticsCarts, events)].sort()),
    );
  });

  it('the history holds every kind of ending', () => {
    const docs = project(analyticsCarts, events);
    const days = ofKind(docs, 'day');
    const total = (of: (d: (typeof days)[number]) => number) => days.reduce((s, d) => s + of(d), 0);
    expect(total((d) => d.checkedOut)).toBeGreaterThan(0);
    expect(total((d) => d.emptied)).toBeGreaterThan(0);
    expect(total((d) => d.recovered)).toBeGreaterThan(0);
    expect(ofKind(docs, 'abandoned').length).toBeGreaterThan(0);
  });
});
