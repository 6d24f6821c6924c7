import type { EventStoreDBClient } from '@eventstore/db-client';
import { comparePositions, type LogPosition } from '../../infra/eventstore/recorded.ts';
import { HttpProblem } from '../http/problem.ts';
import type { SearchCursors } from './search-cursor.ts';
import type { AuditSearchQuery } from './search-query.ts';
import type { AuditRow, Filterable } from './search-record.ts';
import { scanPage, type ServerFilter } from './search-scan.ts';

/** How a search was filtered: what the event store did, and what the API did on top. */
export interface Filtering {
  readonly server: ServerFilter;
  readonly client: readonly ('actor' | 'from' | 'to' | 'stream')[];
}

export interface AuditSearchPage {
  readonly items: readonly AuditRow[];
  /** The `after` of the next page; null once the page reached the end of the log. */
  readonly next: string | null;
  /** Where in `$all` the page ended. */
  readonly reached: LogPosition | undefined;
  readonly scanned: number;
  readonly filtering: Filtering;
}

export interface AuditSearchOptions {
  readonly client: EventStoreDBClient;
  readonly headPosition: () => Promise<LogPosition | undefined>;
  readonly cursors: SearchCursors;
  /** Events the server may consider for one page: a needle in a long log ends pages early. */
  readonly scanBudget: number;
  readonly maxWaitMs: number;
}

/**
 * The event store filters on one thing: event types when asked for, else the stream prefix, else
 * everything but system events. The rest (actor and business time are in the metadata, which no
 * server filter reads) the API applies to what the server sent.
 */
export const filteringOf = (query: AuditSearchQuery): Filtering => {
  const server: ServerFilter =
    query.type !== undefined
      ? { on: 'event-type', types: query.type }
      : query.stream !== undefined
        ? { on: 'stream', prefix: query.stream }
        : { on: 'non-system' };
  const client: Filtering['client'][number][] = [];
  if (query.actor !== undefined) client.push('actor');
  if (query.from !== undefined) client.push('from');
  if (query.to !== undefined) client.push('to');
  if (query.stream !== undefined && server.on !== 'stream') client.push('stream');
  return { server, client };
};

const matcherOf = (query: AuditSearchQuery, filtering: Filtering) => {
  const from = query.from?.getTime();
  const to = query.to?.getTime();
  const { stream } = filtering.client.includes('stream') ? query : { stream: undefined };
  return (row: Filterable): boolean => {
    if (query.actor !== undefined && row.actor !== query.actor) return false;
    if (stream !== undefined && !row.stream.startsWith(stream)) return false;
    if (from === undefined && to === undefined) return true;
    // An event without a business time cannot be placed in a range: a dated search leaves it out.
    const at = row.occurredAt === null ? Number.NaN : Date.parse(row.occurredAt);
    if (Number.isNaN(at)) return false;
    return (from === undefined || at >= from) && (to === undefined || at < to);
  };
};

export interface AuditSearch {
  page(query: AuditSearchQuery): Promise<AuditSearchPage>;
  /** Every page from `query.after` to the end of the log as it was when the first page began. */
  pages(query: AuditSearchQuery): AsyncGenerator<AuditSearchPage>;
}

export const createAuditSearch = (options: AuditSearchOptions): AuditSearch => {
  const pageAt = async (
    query: AuditSearchQuery,
    after: LogPosition | undefined,
    head: LogPosition | undefined,
  ): Promise<AuditSearchPage> => {
    const filtering = filteringOf(query);
    const scanned = await scanPage(options.client, {
      server: filtering.server,
      matches: matcherOf(query, filtering),
      after,
      limit: query.limit,
      scanBudget: options.scanBudget,
      head,
      maxWaitMs: options.maxWaitMs,
    });
    // From the start of the log with nothing back in time, there is no position to go on from.
    if (!scanned.end && scanned.reached === undefined)
      throw new HttpProblem(
        503,
        'event_store_slow',
        'Service unavailable',
        'the event store sent nothing in time; try again',
      );
    const next =
      scanned.end || scanned.reached === undefined
        ? null
        : options.cursors.encode(scanned.reached, query);
    return {
      items: scanned.rows,
      next,
      reached: scanned.reached,
      scanned: scanned.scanned,
      filtering,
    };
  };
  const afterOf = (query: AuditSearchQuery) =>
    query.after === undefined ? undefined : options.cursors.decode(query.after, query);
  return {
    page: async (query) => pageAt(query, afterOf(query), await options.headPosition()),
    async *pages(query) {
      let after = afterOf(query);
      const head = await options.headPosition();
      for (;;) {
        const page = await pageAt(query, after, head);
        yield page;
        if (page.next === null) return;
        // A page that got nowhere (the server sent nothing in time) would be asked for again for
        // ever; failing says the export is not whole, where ending would pass it off as whole.
        if (
          after !== undefined &&
          page.reached !== undefined &&
          comparePositions(page.reached, after) <= 0
        )
          throw new Error("the event store sent nothing within a page's time");
        after = page.reached;
      }
    },
  };
};
