import { randomUUID } from 'node:crypto';
import { jsonEvent } from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectEventStore, type EventStore } from '../../infra/eventstore/event-store.ts';
import { comparePositions, type LogPosition } from '../../infra/eventstore/recorded.ts';
import { serverUrl } from '../../infra/test-servers/use-server.ts';
import { createOrderCursors } from '../routes/order-cursor.ts';
import { createAuditSearch, type AuditSearch, type AuditSearchPage } from './search.ts';
import { searchCursors } from './search-cursor.ts';
import { auditSearchQuery } from './search-query.ts';
import { WINDOW } from './search-scan.ts';

// A needle in a haystack: one event of a rare actor behind many others. Pages end at the scan
// budget with nothing found and a cursor that goes on from where the server had read to.

let store: EventStore;
const cursors = searchCursors(createOrderCursors('audit-search-test-secret-0123456789abcdef'));
const budget = 4 * WINDOW;
const run = randomUUID().slice(0, 8);
let start: LogPosition | undefined;

const append = (stream: string, actor: string, count: number) =>
  store.client.appendToStream(
    stream,
    Array.from({ length: count }, (_, i) =>
      jsonEvent({
        type: 'AuditProbeNoted',
        data: { n: i },
        metadata: {
          $correlationId: stream,
          $causationId: stream,
          schemaVersion: 1,
          actor,
          occurredAt: new Date().toISOString(),
        },
      }),
    ),
  );

beforeAll(async () => {
  store = connectEventStore(serverUrl('eventstore'));
  start = await store.headPosition();
  await append(`probe-${run}-hay`, `hay-${run}`, 10 * budget);
  await append(`probe-${run}-needle`, `needle-${run}`, 1);
});
afterAll(async () => {
  await store.close();
});

const searchWith = (scanBudget: number): AuditSearch =>
  createAuditSearch({
    client: store.client,
    headPosition: () => store.headPosition(),
    cursors,
    scanBudget,
    maxWaitMs: 10_000,
  });

describe('the audit search over $all', () => {
  it('ends a page at the scan budget with where it got to, and finds the needle pages later', async () => {
    const query = auditSearchQuery.parse({ actor: `needle-${run}` });
    const after = start === undefined ? undefined : cursors.encode(start, query);
    const search = searchWith(budget);
    const pages: AuditSearchPage[] = [];
    let page = await search.page({ ...query, ...(after === undefined ? {} : { after }) });
    pages.push(page);
    while (page.next !== null) {
      page = await search.page({ ...query, after: page.next });
      pages.push(page);
    }
    const empty = pages.filter((p) => p.items.length === 0 && p.next !== null);
    expect(empty.length).toBeGreaterThanOrEqual(9);
    for (const p of empty) {
      // At the budget, give or take the checkpoint that crossed it.
      expect(p.scanned).toBeGreaterThanOrEqual(budget);
      expect(p.scanned).toBeLessThan(budget + WINDOW);
    }
    const reached = pages.map((p) => p.reached);
    for (let i = 1; i < reached.length; i++) {
      const [before, now] = [reached[i - 1], reached[i]];
      if (before === undefined || now === undefined) throw new Error('a page reached nowhere');
      expect(comparePositions(now, before)).toBeGreaterThan(0);
    }
    expect(pages.flatMap((p) => p.items).map((e) => [e.stream, e.actor])).toEqual([
      [`probe-${run}-needle`, `needle-${run}`],
    ]);
  });

  it('streams every page of a search, the stream prefix filtered by the event store', async () => {
    const query = auditSearchQuery.parse({ stream: `probe-${run}-`, limit: 100 });
    const pages: AuditSearchPage[] = [];
    for await (const page of searchWith(budget).pages(query)) pages.push(page);
    const items = pages.flatMap((p) => p.items);
    expect(items).toHaveLength(10 * budget + 1);
    expect(pages[0]?.filtering).toEqual({
      server: { on: 'stream', prefix: `probe-${run}-` },
      client: [],
    });
    expect(pages.at(-1)?.next).toBeNull();
    expect(items.at(-1)?.summary).toBe('Audit probe noted');
  });
});
