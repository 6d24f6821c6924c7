import { describe, expect, it } from 'vitest';
import { diff } from './diff.ts';

describe('what an event changed', () => {
  it('lists added, changed and removed leaves by readable paths', () => {
    const before = { order: { status: 'placed', lines: [{ sku: 'SKU-1', quantity: 2 }] }, gone: 1 };
    const after = {
      order: { status: 'confirmed', lines: [{ sku: 'SKU-1', quantity: 2 }] },
      stock: { 'SKU-1': { reserved: 2 } },
    };
    expect(diff(before, after)).toEqual([
      { path: 'order.status', kind: 'changed', before: 'placed', after: 'confirmed' },
      { path: 'stock.SKU-1.reserved', kind: 'added', before: '', after: '2' },
      { path: 'gone', kind: 'removed', before: '1', after: '' },
    ]);
  });

  it('finds nothing when nothing changed', () => {
    expect(diff({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toEqual([]);
  });
});
