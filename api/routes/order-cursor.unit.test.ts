import { describe, expect, it } from 'vitest';
import { HttpProblem } from '../http/problem.ts';
import { createOrderCursors } from './order-cursor.ts';

const secret = 'a-server-secret-of-at-least-32-characters';
const position = { value: '2026-12-01T10:00:00.000Z', orderId: 'o-42' };
const byTotal = { value: 1999, orderId: 'o-43' };

const refusal = (act: () => unknown): unknown => {
  try {
    act();
  } catch (error) {
    return error instanceof HttpProblem ? error.problem : error;
  }
  return 'accepted';
};

describe('order cursors', () => {
  it('give back the position of a cursor they gave out, for the same query', () => {
    const cursors = createOrderCursors(secret);
    expect(cursors.decode(cursors.encode(position, 'h1'), 'h1')).toEqual(position);
    // another process with the same secret accepts it too
    expect(createOrderCursors(secret).decode(cursors.encode(position, 'h1'), 'h1')).toEqual(
      position,
    );
    // a page sorted by total ends at an amount
    expect(cursors.decode(cursors.encode(byTotal, 'h1'), 'h1')).toEqual(byTotal);
  });

  it('refuse a cursor re-encoded with a made-up position, one signed with another secret, and garbage', () => {
    const cursors = createOrderCursors(secret);
    const given = cursors.encode(position, 'h1');
    const [, signature] = given.split('.');
    const forged = `${Buffer.from(JSON.stringify({ p: '2099-01-01T00:00:00.000Z', i: 'zz', h: 'h1' })).toString('base64url')}.${String(signature)}`;
    const foreign = createOrderCursors('another-secret-of-at-least-32-chars!!').encode(
      position,
      'h1',
    );
    for (const text of [
      forged,
      foreign,
      'not-a-cursor',
      `${given}.extra`,
      given.split('.')[0] ?? '',
    ])
      expect(refusal(() => cursors.decode(text, 'h1'))).toMatchObject({
        status: 400,
        type: 'urn:order-ledger:problem:invalid_cursor',
      });
  });

  it('refuse a genuine cursor on a query with other filters', () => {
    const cursors = createOrderCursors(secret);
    expect(refusal(() => cursors.decode(cursors.encode(position, 'h1'), 'h2'))).toMatchObject({
      status: 400,
      detail: 'the cursor belongs to a query with other filters or another sort',
    });
  });
});
