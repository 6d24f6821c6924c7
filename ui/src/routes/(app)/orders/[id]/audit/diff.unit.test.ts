import { describe, expect, it } from 'vitest';
import { diff, readable } from './diff.ts';

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

  it('reads money as money and instants in the zone it is given', () => {
    const before = { order: { total: { amount: 8898, currency: 'EUR' } } };
    const after = {
      order: { total: { amount: 9000, currency: 'EUR' }, placedAt: '2026-03-01T09:30:00.000Z' },
    };
    expect(diff(before, after, (iso) => `at ${iso.slice(11, 16)}`)).toEqual([
      { path: 'order.total', kind: 'changed', before: '€88.98', after: '€90.00' },
      { path: 'order.placedAt', kind: 'added', before: '', after: 'at 09:30' },
    ]);
  });

  it('reads an event’s data line by line, amounts in money rather than minor units', () => {
    const data = { orderId: 'o-1', amount: { amount: 8898, currency: 'EUR' }, lines: [] };
    expect(readable(data, (iso) => iso)).toEqual([
      ['orderId', 'o-1'],
      ['amount', '€88.98'],
      ['lines', '[]'],
    ]);
  });

  it('finds nothing when nothing changed', () => {
    expect(diff({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toEqual([]);
  });
});
