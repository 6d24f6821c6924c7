import type { Response } from 'express';
import { once } from 'node:events';
import { z } from 'zod';
import type { EventStore } from '../../infra/eventstore/event-store.ts';
import { createAuditSearch, type AuditSearchPage } from '../audit/search.ts';
import { searchCsvHeader, searchCsvRows } from '../audit/search-csv.ts';
import { searchCursors } from '../audit/search-cursor.ts';
import { auditEventTypes, auditSearchQuery } from '../audit/search-query.ts';
import { defineRoute, type Route } from '../http/route.ts';
import type { Opener } from '../../infra/pii/vault.ts';
import { openShipTos, type OpenerOf } from '../orders/ship-to.ts';
import type { OrderCursors } from './order-cursor.ts';

const positionSchema = z.object({ commit: z.number().int(), prepare: z.number().int() });
const pageSchema = z.object({
  items: z.array(
    z.object({
      position: positionSchema,
      stream: z.string(),
      revision: z.number().int(),
      eventId: z.string(),
      type: z.string(),
      recordedAt: z.string(),
      occurredAt: z.string().nullable(),
      actor: z.string().nullable(),
      correlationId: z.string().nullable(),
      causationId: z.string().nullable(),
      orderId: z.string().nullable(),
      data: z.unknown(),
      summary: z.string(),
      unreadable: z.string().optional(),
    }),
  ),
  next: z.string().nullable(),
  position: positionSchema.nullable(),
  scanned: z.number().int(),
  filtering: z.object({
    server: z.object({ on: z.enum(['event-type', 'stream', 'non-system']) }).loose(),
    client: z.array(z.enum(['actor', 'from', 'to', 'stream'])),
  }),
});

const pageJson = (page: AuditSearchPage, items: readonly unknown[] = page.items) => ({
  items,
  next: page.next,
  position: page.reached ?? null,
  scanned: page.scanned,
  filtering: page.filtering,
});

const auditSearchers = ['auditor', 'admin'] as const;

const orderWithShipTo = z.object({ customerId: z.string().min(1), shipTo: z.unknown() });

/**
 * Each order's sealed ship-to opened under its customer's key (or erased), as the order's own
 * history shows it; the CSV leaves data out, so only the JSON needs this.
 */
const withShipTosOpened = async (
  items: AuditSearchPage['items'],
  openerOf: OpenerOf | undefined,
): Promise<unknown[]> => {
  if (openerOf === undefined) return [...items];
  const openers = new Map<string, Promise<Opener>>();
  return Promise.all(
    items.map(async (item) => {
      const order = orderWithShipTo.safeParse(item.data);
      if (!order.success || order.data.shipTo === undefined) return item;
      const { customerId } = order.data;
      const opener = openers.get(customerId) ?? openerOf(customerId);
      openers.set(customerId, opener);
      return { ...item, data: openShipTos(item.data, await opener) };
    }),
  );
};

/** Writes text, waiting when the client reads slower than the log is scanned. */
const write = async (res: Response, text: string): Promise<void> => {
  if (text !== '' && !res.write(text)) await once(res, 'drain');
};

/** The CSV of every page: the first is read before answering, so a refusal is a problem, not a file. */
const sendCsv = async (res: Response, pages: AsyncGenerator<AuditSearchPage>) => {
  const first = await pages.next();
  const stamp = new Date().toISOString().slice(0, 19).replaceAll(':', '-');
  res.type('text/csv').attachment(`audit-events-${stamp}.csv`);
  res.setHeader('cache-control', 'no-store');
  try {
    await write(res, searchCsvHeader);
    if (!first.done) await write(res, searchCsvRows(first.value.items));
    // A client that went away stops the scan: nothing reads what it would find.
    while (!res.destroyed) {
      const page = await pages.next();
      if (page.done) break;
      await write(res, searchCsvRows(page.value.items));
    }
    res.end();
  } catch (error) {
    // Half a file must not read as a whole one: the download breaks off instead of ending.
    res.destroy(error instanceof Error ? error : new Error(String(error)));
  } finally {
    await pages.return(undefined);
  }
};

export interface AuditSearchLimits {
  /** Events the event store may consider for one page (default 20,000). */
  readonly scanBudget?: number;
  /** A page ends after this long however far it got (default 5 s). */
  readonly maxWaitMs?: number;
}

/** The cross-order audit: the whole log, filtered by the event store and paged by position. */
export const auditSearchRoutes = (
  store: EventStore,
  cursors: OrderCursors,
  limits: AuditSearchLimits = {},
  openerOf?: OpenerOf,
): Route[] => {
  const search = createAuditSearch({
    client: store.client,
    headPosition: () => store.headPosition(),
    cursors: searchCursors(cursors),
    scanBudget: limits.scanBudget ?? 20_000,
    maxWaitMs: limits.maxWaitMs ?? 5_000,
  });
  return [
    defineRoute({
      method: 'get',
      path: '/api/audit/events',
      summary:
        'Every event of the log that matches, in log order, paged by position. The event store filters on the event type (else the stream prefix); actor and business time (metadata.occurredAt) are applied by the API on what it sends, and `filtering` says which was which. A page ends at `limit` events, after about 20,000 events scanned, or at the end of the log; pass `next` as `after` to go on. format=csv (or Accept: text/csv) streams every page as one CSV.',
      tag: 'audit',
      access: auditSearchers,
      query: auditSearchQuery,
      responses: {
        200: { description: 'a page of events (JSON), or every page as CSV', schema: pageSchema },
        400: { description: 'a bad filter, an inverted range, or a cursor made for other filters' },
        403: { description: 'not an auditor or an admin' },
        503: { description: 'the event store sent nothing within the time a page may take' },
      },
      handle: async ({ req, res, query }) => {
        const csv =
          query.format === 'csv' ||
          (query.format === undefined &&
            req.accepts(['application/json', 'text/csv']) === 'text/csv');
        if (csv) {
          await sendCsv(res, search.pages(query));
          return;
        }
        const page = await search.page(query);
        res.json(pageJson(page, await withShipTosOpened(page.items, openerOf)));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/audit/event-types',
      summary: 'The event types the audit search can filter on',
      tag: 'audit',
      access: auditSearchers,
      responses: {
        200: {
          description: 'the types, sorted',
          schema: z.object({ types: z.array(z.string()) }),
        },
      },
      handle: ({ res }) => {
        res.json({ types: auditEventTypes });
      },
    }),
  ];
};
