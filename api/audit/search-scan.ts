import {
  START,
  eventTypeFilter,
  excludeSystemEvents,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type EventStoreDBClient,
  type Filter,
} from '@eventstore/db-client';
import {
  comparePositions,
  toClientPosition,
  toLogPosition,
  type LogPosition,
} from '../../infra/eventstore/recorded.ts';
import { auditRowOf, filterableOf, type AuditRow, type Filterable } from './search-record.ts';

/** What the event store filters on: one of event types or a stream prefix (never both). */
export type ServerFilter =
  | { readonly on: 'event-type'; readonly types: readonly string[] }
  | { readonly on: 'stream'; readonly prefix: string }
  | { readonly on: 'non-system' };

export interface ScanRequest {
  readonly server: ServerFilter;
  /** The filters the event store cannot apply (actor, business time, a second prefix). */
  readonly matches: (event: Filterable) => boolean;
  /** Exclusive: the page starts after it; from the start of the log when undefined. */
  readonly after: LogPosition | undefined;
  readonly limit: number;
  /** At most about this many events considered by the server before the page ends. */
  readonly scanBudget: number;
  /** The end of the log when the search began: a server that never says "caught up" stops here. */
  readonly head: LogPosition | undefined;
  /** However the server answers, the page ends after this long with what it has. */
  readonly maxWaitMs: number;
}

export interface ScanPage {
  readonly rows: readonly AuditRow[];
  /** Where the page ended; the next page starts after it. */
  readonly reached: LogPosition | undefined;
  /** Events the server considered (filtered out or sent); exact at each checkpoint. */
  readonly scanned: number;
  /** True when the page ended at the end of the log rather than at the limit or the budget. */
  readonly end: boolean;
}

/** The server checkpoints every WINDOW events it considered, so the scan counts them. */
export const WINDOW = 64;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const filterOf = (server: ServerFilter, checkpointReached: Filter['checkpointReached']): Filter => {
  const options = { maxSearchWindow: WINDOW, checkpointInterval: 1, checkpointReached };
  switch (server.on) {
    case 'event-type':
      return eventTypeFilter({ ...options, regex: `^(?:${server.types.map(escape).join('|')})$` });
    case 'stream':
      return streamNameFilter({ ...options, prefixes: [server.prefix] });
    case 'non-system':
      return excludeSystemEvents(options);
  }
};

interface Reached {
  readonly checkpoint: LogPosition;
}
interface Stop {
  readonly stop: 'caught-up' | 'time';
}
type Item = AllStreamResolvedEvent | Reached | Stop;

/**
 * One page of a search over `$all`. `readAll` of @eventstore/db-client 6.2.1 never sends its
 * filter to the server, so this is a filtered catch-up subscription: the server filters, and its
 * checkpoints (every WINDOW events considered) say how far it read even where nothing matched.
 * The subscription ends with the page: at `limit` rows, at the scan budget, or caught up.
 */
export const scanPage = async (
  client: EventStoreDBClient,
  request: ScanRequest,
): Promise<ScanPage> => {
  const subscription = client.subscribeToAll({
    fromPosition: request.after === undefined ? START : toClientPosition(request.after),
    filter: filterOf(request.server, (reached, position) => {
      // Joins the subscription's buffer behind the events before it, so it is read in order.
      reached.push({ checkpoint: toLogPosition(position) } satisfies Reached);
    }),
  });
  subscription.on('caughtUp', () => {
    subscription.push({ stop: 'caught-up' } satisfies Stop);
  });
  const timer = setTimeout(() => {
    subscription.push({ stop: 'time' } satisfies Stop);
  }, request.maxWaitMs);
  const rows: AuditRow[] = [];
  let reached = request.after;
  let checkpoints = 0;
  let sentSinceCheckpoint = 0;
  const scanned = () => checkpoints * WINDOW + sentSinceCheckpoint;
  const atHead = () =>
    request.head === undefined ||
    (reached !== undefined && comparePositions(reached, request.head) >= 0);
  let end = false;
  try {
    for await (const item of subscription as AsyncIterable<Item>) {
      if ('stop' in item) {
        end = item.stop === 'caught-up';
        break;
      }
      if ('checkpoint' in item) {
        checkpoints++;
        sentSinceCheckpoint = 0;
        if (reached === undefined || comparePositions(item.checkpoint, reached) > 0)
          reached = item.checkpoint;
        if (atHead()) {
          end = true;
          break;
        }
        if (scanned() >= request.scanBudget) break;
        continue;
      }
      const filterable = filterableOf(item);
      if (filterable === undefined || item.event === undefined) continue;
      sentSinceCheckpoint++;
      reached = toLogPosition(item.event.position);
      const row = request.matches(filterable) ? auditRowOf(item) : undefined;
      if (row !== undefined) rows.push(row);
      if (atHead()) {
        end = true;
        break;
      }
      if (rows.length >= request.limit) break;
    }
  } finally {
    clearTimeout(timer);
    await subscription.unsubscribe();
  }
  return { rows, reached, scanned: scanned(), end };
};
