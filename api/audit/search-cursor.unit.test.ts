import { describe, expect, it } from 'vitest';
import { HttpProblem } from '../http/problem.ts';
import { createOrderCursors } from '../routes/order-cursor.ts';
import { searchCursors } from './search-cursor.ts';
import { auditSearchQuery } from './search-query.ts';

const secret = 'audit-cursor-unit-test-secret-0123456789';
const cursors = searchCursors(createOrderCursors(secret));
const query = auditSearchQuery.parse({ actor: 'op-7' });

const refusal = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error instanceof HttpProblem ? error.problem : error;
  }
  return 'accepted';
};

describe('audit search cursors', () => {
  it('given a position, then the cursor gives it back for the same search', () => {
    const text = cursors.encode({ commit: 1234, prepare: 1230 }, query);
    expect(cursors.decode(text, auditSearchQuery.parse({ actor: 'op-7', limit: '5' }))).toEqual({
      commit: 1234,
      prepare: 1230,
    });
  });

  it('given a cursor of another search, a forged one or an order-list cursor, then 400 naming `after`', () => {
    const text = cursors.encode({ commit: 1, prepare: 1 }, query);
    const orderList = createOrderCursors(secret).encode({ value: 'x', orderId: 'o-1' }, 'h');
    for (const run of [
      () => cursors.decode(text, auditSearchQuery.parse({ actor: 'op-8' })),
      () => cursors.decode(`${text}x`, query),
      () => cursors.decode(orderList, query),
    ]) {
      expect(refusal(run)).toMatchObject({ status: 400, errors: [{ path: 'after' }] });
    }
  });
});
