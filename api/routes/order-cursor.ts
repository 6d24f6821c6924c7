import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { HttpProblem } from '../http/problem.ts';

/**
 * Where a page ended: the sort field's value (placedAt, or the total's amount) of the last order
 * looked at, and its id, which closes the key so that pages never overlap.
 */
export interface OrderCursor {
  readonly value: string | number;
  readonly orderId: string;
}

/** Gives out cursors and takes back only those it gave out (HMAC-signed with a server secret). */
export interface OrderCursors {
  encode(cursor: OrderCursor, hash: string): string;
  /** The cursor's position; 400 when it is not one of ours, or was made for another query. */
  decode(text: string, hash: string): OrderCursor;
}

const cursorSchema = z.strictObject({
  p: z.union([z.string().min(1), z.number().int()]),
  i: z.string().min(1),
  h: z.string(),
});

/** A short hash of everything that decides which orders a query lists and in what order. */
export const queryHash = (query: Readonly<Record<string, unknown>>): string =>
  createHash('sha256')
    .update(JSON.stringify(Object.entries(query).sort(([a], [b]) => a.localeCompare(b))))
    .digest('base64url')
    .slice(0, 16);

const badCursor = (detail: string) =>
  new HttpProblem(400, 'invalid_cursor', 'Invalid cursor', detail, {
    errors: [{ path: 'cursor', message: detail }],
  });

/**
 * Cursors opaque to clients: base64url of the position and the query's hash, then a MAC. Unsigned,
 * a client could re-encode one with a position of its choosing; every api process that shares the
 * secret accepts the others' cursors.
 */
export const createOrderCursors = (secret: string): OrderCursors => {
  const key = Buffer.from(hkdfSync('sha256', secret, '', 'order-ledger/order-cursor', 32));
  const mac = (payload: string) =>
    createHmac('sha256', key).update(payload).digest().subarray(0, 16);
  return {
    encode: (cursor, hash) => {
      const payload = Buffer.from(
        JSON.stringify({ p: cursor.value, i: cursor.orderId, h: hash }),
      ).toString('base64url');
      return `${payload}.${mac(payload).toString('base64url')}`;
    },
    decode: (text, hash) => {
      const [payload = '', signature = '', ...rest] = text.split('.');
      const given = Buffer.from(signature, 'base64url');
      const expected = mac(payload);
      if (rest.length > 0 || given.length !== expected.length || !timingSafeEqual(given, expected))
        throw badCursor('the cursor is not one this API gave out');
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        throw badCursor('the cursor is not one this API gave out');
      }
      const cursor = cursorSchema.safeParse(parsed);
      if (!cursor.success) throw badCursor('the cursor is not one this API gave out');
      if (cursor.data.h !== hash)
        throw badCursor('the cursor belongs to a query with other filters or another sort');
      return { value: cursor.data.p, orderId: cursor.data.i };
    },
  };
};
