import type { EventStoreDBClient } from '@eventstore/db-client';
import { z } from 'zod';
import { orderStream } from '../../domain/streams.ts';
import { historyCsv } from '../audit/csv.ts';
import { readOrderEvents, stateThrough, withStates, type HistoryEntry } from '../audit/history.ts';
import { HttpProblem } from '../http/problem.ts';
import { defineRoute, type Route } from '../http/route.ts';
import { openShipTos, type OpenerOf } from '../orders/ship-to.ts';
import { orderIdParams } from '../schemas.ts';
import type { Opener } from '../../infra/pii/vault.ts';

const stateQuery = z
  .strictObject({
    at: z.iso.datetime({ offset: true }).optional(),
    revision: z.coerce.number().int().min(0).optional(),
  })
  .refine((query) => (query.at === undefined) !== (query.revision === undefined), {
    message: 'give exactly one of at or revision',
  });

/** The entry as JSON, with the order's ship-to opened (or erased) in its data and its state. */
const entryJson = ({ recorded, stateAfter }: HistoryEntry, opener: Opener | undefined) => ({
  stream: recorded.stream,
  revision: recorded.revision,
  position: recorded.position ?? null,
  eventId: recorded.id,
  type: recorded.event.type,
  data: openShipTos(recorded.event.data, opener),
  metadata: recorded.metadata,
  recordedAt: recorded.recordedAt.toISOString(),
  stateAfter: openShipTos(stateAfter, opener),
});

/**
 * The key of the customer whose order it is, when the order names a ship-to: every envelope in
 * its history is under it. Orders without one (dev-token customers have no key) need none.
 */
const openerFor = async (entries: readonly HistoryEntry[], openerOf: OpenerOf | undefined) => {
  const customerId = entries.find((entry) => entry.stateAfter.order?.shipTo !== undefined)
    ?.stateAfter.order?.customerId;
  return customerId === undefined || openerOf === undefined ? undefined : openerOf(customerId);
};

const auditors = ['auditor', 'operator', 'admin'] as const;

/** The auditor's view, read from the event streams themselves (never from a read model). */
export const auditRoutes = (client: EventStoreDBClient, openerOf?: OpenerOf): Route[] => {
  const history = async (orderId: string): Promise<HistoryEntry[]> => {
    const entries = withStates(await readOrderEvents(client, orderId));
    if (!entries.some((entry) => entry.recorded.stream === orderStream(orderId))) {
      throw new HttpProblem(404, 'order_not_found', 'Not found', `no order ${orderId}`);
    }
    return entries;
  };
  return [
    defineRoute({
      method: 'get',
      path: '/api/orders/:id/history',
      summary:
        'Every event that concerns the order (order, payment, saga, its inventory events), oldest first, with the state after each; Accept: text/csv exports it',
      tag: 'audit',
      access: auditors,
      params: orderIdParams,
      responses: {
        200: { description: 'the history (JSON, or CSV when asked for with Accept: text/csv)' },
        404: { description: 'no such order' },
      },
      handle: async ({ req, res, params }) => {
        const entries = await history(params.id);
        const opener = await openerFor(entries, openerOf);
        if (req.accepts(['application/json', 'text/csv']) === 'text/csv') {
          res
            .type('text/csv')
            .attachment(`order-${params.id}-history.csv`)
            .send(historyCsv(entries, (data) => openShipTos(data, opener)));
          return;
        }
        res.json({ orderId: params.id, events: entries.map((e) => entryJson(e, opener)) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/orders/:id/state',
      summary:
        'The state as it was at an instant (?at=ISO) or once the order stream reached a revision (?revision=N)',
      tag: 'audit',
      access: auditors,
      params: orderIdParams,
      query: stateQuery,
      responses: {
        200: { description: 'the state then' },
        400: { description: 'neither or both of at and revision' },
        404: { description: 'no such order, or not at that revision' },
      },
      handle: async ({ res, params, query }) => {
        const entries = await history(params.id);
        const opener = await openerFor(entries, openerOf);
        if (query.revision !== undefined) {
          const stream = orderStream(params.id);
          const last = entries.findIndex(
            (e) => e.recorded.stream === stream && e.recorded.revision === query.revision,
          );
          if (last === -1)
            throw new HttpProblem(
              404,
              'revision_not_found',
              'Not found',
              `the order stream has no revision ${query.revision}`,
            );
          const { state, events } = stateThrough(entries.slice(0, last + 1), () => true);
          res.json({
            orderId: params.id,
            revision: query.revision,
            events,
            state: openShipTos(state, opener),
          });
          return;
        }
        const at = new Date(query.at ?? '');
        const { state, events } = stateThrough(entries, (entry) => entry.recorded.recordedAt <= at);
        res.json({
          orderId: params.id,
          at: at.toISOString(),
          events,
          state: openShipTos(state, opener),
        });
      },
    }),
  ];
};
