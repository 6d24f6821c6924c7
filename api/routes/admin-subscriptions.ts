import {
  BACKWARDS,
  END,
  StreamNotFoundError,
  type EventStoreDBClient,
  type PersistentSubscriptionToAllInfo,
  type PersistentSubscriptionToStreamInfo,
} from '@eventstore/db-client';
import { z } from 'zod';
import { HttpProblem } from '../http/problem.ts';
import { defineRoute, type Route } from '../http/route.ts';

const groupParams = z.strictObject({
  group: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\w.:-]+$/),
});
const parkedQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) });
const replayBody = z.strictObject({ stopAt: z.number().int().positive().optional() });

const position = (value: { commit: bigint; prepare: bigint } | undefined) =>
  value === undefined ? null : { commit: Number(value.commit), prepare: Number(value.prepare) };

/** A persistent subscription group as operators read it; bigints become numbers for JSON. */
const groupView = (info: PersistentSubscriptionToAllInfo | PersistentSubscriptionToStreamInfo) => ({
  group: info.groupName,
  eventSource: info.eventSource,
  status: info.status,
  consumerStrategy: info.settings.consumerStrategyName,
  maxRetryCount: info.settings.maxRetryCount,
  messageTimeoutMs: info.settings.messageTimeout,
  connections: info.connections.map((c) => ({
    name: c.connectionName,
    from: c.from,
    inFlight: c.inFlightMessages,
    itemsPerSecond: c.averageItemsPerSecond,
  })),
  inFlight: info.stats.totalInFlightMessages,
  outstanding: info.stats.outstandingMessagesCount,
  parked: Number(info.stats.parkedMessageCount),
  handled: Number(info.stats.totalItems),
  itemsPerSecond: info.stats.averagePerSecond,
  lastCheckpointed:
    'lastCheckpointedEventPosition' in info.stats
      ? position(info.stats.lastCheckpointedEventPosition)
      : null,
  lastKnown:
    'lastKnownEventPosition' in info.stats ? position(info.stats.lastKnownEventPosition) : null,
});

// The groups this product creates all read `$all`; parked messages live where EventStoreDB puts them.
const parkedStream = (group: string) => `$persistentsubscription-$all::${group}-parked`;

const findGroup = async (client: EventStoreDBClient, group: string) => {
  const all = await client.listAllPersistentSubscriptions();
  const info = all.find(
    (candidate) => candidate.groupName === group && candidate.eventSource === '$all',
  );
  if (info === undefined)
    throw new HttpProblem(
      404,
      'subscription_not_found',
      'Not found',
      `no persistent subscription group ${group} on $all`,
    );
  return info;
};

/** Operators' view of the persistent subscription groups, their parked messages, and replay. */
export const adminSubscriptionRoutes = (client: EventStoreDBClient): Route[] => [
  defineRoute({
    method: 'get',
    path: '/api/admin/subscriptions',
    summary: 'Persistent subscription groups with their consumers, in-flight and parked counts',
    tag: 'admin',
    access: ['admin'],
    responses: { 200: { description: 'the groups' } },
    handle: async ({ res }) => {
      res.json({ items: (await client.listAllPersistentSubscriptions()).map(groupView) });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/admin/subscriptions/:group/parked',
    summary: 'The parked messages of a group, newest first',
    tag: 'admin',
    access: ['admin'],
    params: groupParams,
    query: parkedQuery,
    responses: {
      200: { description: 'parked messages, each with the event it points at' },
      404: { description: 'no such group' },
    },
    handle: async ({ res, params, query }) => {
      await findGroup(client, params.group);
      const items = [];
      try {
        const read = client.readStream(parkedStream(params.group), {
          direction: BACKWARDS,
          fromRevision: END,
          maxCount: query.limit,
          resolveLinkTos: true,
        });
        for await (const resolved of read) {
          const { event, link } = resolved;
          items.push({
            parkedRevision: Number((link ?? event)?.revision ?? -1),
            parkedAt: (link ?? event)?.created.toISOString() ?? null,
            reason:
              link?.metadata && typeof link.metadata === 'object' && 'reason' in link.metadata
                ? String(link.metadata.reason)
                : null,
            event: event
              ? {
                  id: event.id,
                  stream: event.streamId,
                  revision: Number(event.revision),
                  type: event.type,
                  data: event.isJson ? event.data : null,
                  metadata: event.metadata ?? null,
                }
              : null,
          });
        }
      } catch (error) {
        if (!(error instanceof StreamNotFoundError)) throw error;
      }
      res.json({ group: params.group, items });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/admin/subscriptions/:group/parked/replay',
    summary: 'Replay parked messages to the group (all, or those before parked number stopAt)',
    tag: 'admin',
    access: ['admin'],
    params: groupParams,
    body: replayBody,
    responses: {
      202: { description: 'the replay was started' },
      404: { description: 'no such group' },
    },
    handle: async ({ res, params, body }) => {
      const before = await findGroup(client, params.group);
      await client.replayParkedMessagesToAll(
        params.group,
        body.stopAt === undefined ? {} : { stopAt: body.stopAt },
      );
      res
        .status(202)
        .json({ group: params.group, parkedBefore: Number(before.stats.parkedMessageCount) });
    },
  }),
];
