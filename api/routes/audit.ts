import type { EventStoreDBClient } from '@eventstore/db-client';
import { z } from 'zod';
import { orderStream } from '../../domain/streams.ts';
import { historyCsv } from '../audit/csv.ts';
import { readOrderEvents, stateThrough, withStates, type HistoryEntry } from '../audit/history.ts';
import { HttpProblem } from '../http/problem.ts';
import { defineRoute, type Route } from '../http/route.ts';
import { orderIdParams } from '../schemas.ts';

const stateQuery = z
  .strictObject({
    at: z.iso.datetime({ offset: true }).optional(),
    revision: z.coerce.number().int().min(0).optional(),
  })
  .refine((query) => (query.at === undefined) !== (query.revision === undefined), {
    message: 'give exactly one of at or revision',
  });

const entryJson = ({ recorded, stateAfter }: HistoryEntry) => ({
  stream: recorded.stream,
  revision: recorded.revision,
  position: recorded.position ?? null,
  eventId: recorded.id,
  type: recorded.event.type,
  data: recorded.event.data,
  metadata: recorded.metadata,
  recordedAt: recorded.recordedAt.toISOString(),
  stateAfter,
});

const auditors = ['auditor', 'operator', 'admin'] as const;

/** The auditor's view, read from the event streams themselves (never from a read model). */
export const auditRoutes = (client: EventStoreDBClient): Route[] => {
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
        if (req.accepts(['application/json', 'text/csv']) === 'text/csv') {
          res
            .type('text/csv')
            .attachment(`order-${params.id}-history.csv`)
            .send(historyCsv(entries));
          return;
        }
        res.json({ orderId: params.id, events: entries.map(entryJson) });
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
          res.json({ orderId: params.id, revision: query.revision, events, state });
          return;
        }
        const at = new Date(query.at ?? '');
        const { state, events } = stateThrough(entries, (entry) => entry.recorded.recordedAt <= at);
        res.json({ orderId: params.id, at: at.toISOString(), events, state });
      },
    }),
  ];
};
