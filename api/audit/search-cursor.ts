import { HttpProblem } from '../http/problem.ts';
import type { LogPosition } from '../../infra/eventstore/recorded.ts';
import { queryHash, type OrderCursors } from '../routes/order-cursor.ts';
import { searchIdentity, type AuditSearchQuery } from './search-query.ts';

/** Signed `$all` positions for the audit search, bound to the search they were made for. */
export interface SearchCursors {
  encode(position: LogPosition, query: AuditSearchQuery): string;
  /** The position after which the next page starts; 400 when not ours or made for other filters. */
  decode(text: string, query: AuditSearchQuery): LogPosition;
}

// The parameter is `after`, not the order list's `cursor`: the problem names it.
const badAfter = (detail: string) =>
  new HttpProblem(400, 'invalid_cursor', 'Invalid cursor', detail, {
    errors: [{ path: 'after', message: detail }],
  });

const digits = /^(0|[1-9][0-9]{0,15})$/;

/**
 * The order list's signed cursors carry a key value, an id and a query hash under the API's
 * cursor secret: here they carry a commit and a prepare position, as digits. The search's identity in the hash
 * keeps an order-list cursor from being taken for a position, and one search's for another's.
 */
export const searchCursors = (signed: OrderCursors): SearchCursors => ({
  encode: (position, query) =>
    signed.encode(
      { value: String(position.commit), orderId: String(position.prepare) },
      queryHash(searchIdentity(query)),
    ),
  decode: (text, query) => {
    let cursor: { value: string | number; orderId: string };
    try {
      cursor = signed.decode(text, queryHash(searchIdentity(query)));
    } catch (error) {
      throw badAfter(error instanceof HttpProblem ? (error.problem.detail ?? '') : String(error));
    }
    const commit = String(cursor.value);
    if (!digits.test(commit) || !digits.test(cursor.orderId))
      throw badAfter('not an audit search cursor');
    return { commit: Number(commit), prepare: Number(cursor.orderId) };
  },
});
