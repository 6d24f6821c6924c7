import { describe, expect, it } from 'vitest';
import { searchCsvHeader, searchCsvRows } from './search-csv.ts';
import type { AuditRow } from './search-record.ts';

const row = (change: Partial<AuditRow>): AuditRow => ({
  position: { commit: 42, prepare: 42 },
  stream: 'order-o-1',
  revision: 3,
  eventId: 'e-1',
  type: 'OrderCancelled',
  recordedAt: '2026-03-04T10:00:00.000Z',
  occurredAt: '2026-03-04T09:59:59.000Z',
  actor: 'op-7',
  correlationId: 'o-1',
  causationId: 'c-1',
  orderId: 'o-1',
  data: {},
  summary: 'Order cancelled by op-7: customer called',
  ...change,
});

describe('the audit search as CSV', () => {
  it('given an event, then one line with the columns in the header, quoted where needed', () => {
    expect(searchCsvHeader).toBe(
      'position,occurredAt,recordedAt,stream,revision,type,actor,correlation,summary,eventId\r\n',
    );
    expect(searchCsvRows([row({ summary: 'Refunded EUR 20.14, in full' })])).toBe(
      '42,2026-03-04T09:59:59.000Z,2026-03-04T10:00:00.000Z,order-o-1,3,OrderCancelled,op-7,o-1,"Refunded EUR 20.14, in full",e-1\r\n',
    );
  });

  it('given text a spreadsheet would run as a formula, then it is defused', () => {
    const line = searchCsvRows([
      row({ actor: '=HYPERLINK("x")', summary: '+1', occurredAt: null }),
    ]);
    expect(line).toContain(`,"'=HYPERLINK(""x"")",`);
    expect(line).toContain(",'+1,");
    expect(line.split(',')[1]).toBe('');
  });
});
