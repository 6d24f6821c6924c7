import { createHash } from 'node:crypto';
import { z } from 'zod';
import { HttpProblem } from '../http/problem.ts';

/** Where a page ended: the last order's placedAt and id, and which query it belongs to. */
export interface OrderCursor {
  readonly placedAt: string;
  readonly orderId: string;
}

const cursorSchema = z.strictObject({ p: z.string().min(1), i: z.string().min(1), h: z.string() });

/** A short hash of everything that decides which orders a query lists and in what order. */
export const queryHash = (query: Readonly<Record<string, unknown>>): string =>
  createHash('sha256')
    .update(JSON.stringify(Object.entries(query).sort(([a], [b]) => a.localeCompare(b))))
    .digest('base64url')
    .slice(0, 16);

/** Opaque to clients: base64url of the position in the list and the query's hash. */
export const encodeCursor = (cursor: OrderCursor, hash: string): string =>
  Buffer.from(JSON.stringify({ p: cursor.placedAt, i: cursor.orderId, h: hash })).toString(
    'base64url',
  );

const badCursor = (detail: string) =>
  new HttpProblem(400, 'invalid_cursor', 'Invalid cursor', detail, {
    errors: [{ path: 'cursor', message: detail }],
  });

/** The cursor's position; 400 when it is not one of ours, or was made for another query. */
export const decodeCursor = (text: string, hash: string): OrderCursor => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw badCursor('the cursor is not one this API gave out');
  }
  const cursor = cursorSchema.safeParse(parsed);
  if (!cursor.success) throw badCursor('the cursor is not one this API gave out');
  if (cursor.data.h !== hash)
    throw badCursor('the cursor belongs to a query with other filters or another sort');
  return { placedAt: cursor.data.p, orderId: cursor.data.i };
};
