import { describe, expect, it } from 'vitest';
import { historyCsv } from './csv.ts';
import { withStates } from './history.ts';

describe('the history as CSV', () => {
  it('writes one row per event, quotes what needs quoting, and defuses formulas', () => {
    const [entry] = withStates([
      {
        id: 'e-1',
        stream: 'order-o-1',
        revision: 0,
        position: { commit: 10, prepare: 10 },
        recordedAt: new Date('2026-11-01T09:00:00.000Z'),
        event: {
          type: 'OrderCancelled',
          data: {
            orderId: 'o-1',
            reason: '=HYPERLINK("x"), "quoted"',
            cancelledBy: 'alice',
            cancelledAt: '2026-11-01T09:00:00.000Z',
          },
        },
        metadata: {
          $correlationId: 'o-1',
          $causationId: 'req-1',
          schemaVersion: 1,
          actor: 'alice',
          occurredAt: '2026-11-01T09:00:00.000Z',
        },
      },
    ]);
    const csv = historyCsv(entry ? [entry] : []);
    const [header, row, end] = csv.split('\r\n');
    expect(header).toBe(
      'position,recordedAt,stream,revision,eventId,type,actor,correlationId,causationId,orderStatus,paymentStatus,fulfilment,data',
    );
    expect(row).toMatch(
      /^10,2026-11-01T09:00:00.000Z,order-o-1,0,e-1,OrderCancelled,alice,o-1,req-1,,none,unstarted,"\{/,
    );
    expect(row).toContain('""quoted\\""');
    expect(end).toBe('');
    expect(historyCsv([]).split('\r\n')).toHaveLength(2);
  });

  it('never lets a cell start with a formula character', () => {
    const [entry] = withStates([
      {
        id: '=cmd',
        stream: 'order-o-2',
        revision: 0,
        position: undefined,
        recordedAt: new Date('2026-11-01T09:00:00.000Z'),
        event: {
          type: 'OrderConfirmed',
          data: { orderId: 'o-2', confirmedAt: '2026-11-01T09:00:00.000Z' },
        },
        metadata: {
          $correlationId: 'o-2',
          $causationId: '@x',
          schemaVersion: 1,
          actor: '+sum',
          occurredAt: '2026-11-01T09:00:00.000Z',
        },
      },
    ]);
    const row = historyCsv(entry ? [entry] : []).split('\r\n')[1] ?? '';
    expect(row.split(',').filter((cell) => /^[=+@-]/.test(cell))).toEqual([]);
  });
});
