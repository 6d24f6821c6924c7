import { describe, expect, it } from 'vitest';
import { csvHeader, csvRow } from './csv.ts';

describe('the orders CSV', () => {
  it('writes one row per order under the header, quoting what needs it', () => {
    const row = csvRow({
      orderId: 'o-1',
      customerId: 'carol, "the" customer',
      status: 'rejected',
      total: { amount: 4497, currency: 'EUR' },
      lineCount: 2,
      skus: ['SKU-1', 'SKU-3'],
      placedAt: '2026-07-15T10:00:00.000Z',
      updatedAt: '2026-07-15T10:00:01.000Z',
      reason: 'out of stock',
      detail: null,
    });
    expect(csvHeader.split(',')).toHaveLength(11);
    expect(row).toBe(
      'o-1,"carol, ""the"" customer",rejected,4497,EUR,2,SKU-1 SKU-3,2026-07-15T10:00:00.000Z,2026-07-15T10:00:01.000Z,out of stock,\r\n',
    );
  });

  it('never lets a spreadsheet run a cell as a formula', () => {
    const row = csvRow({
      orderId: 'o-2',
      customerId: '=HYPERLINK("http://evil")',
      status: 'placed',
      total: { amount: 1, currency: 'EUR' },
      placedAt: 'x',
      updatedAt: 'x',
    });
    expect(row.split(',')[1]).toBe('"\'=HYPERLINK(""http://evil"")"');
  });
});
