import {
  START,
  type EventStoreDBClient,
  type PersistentSubscriptionToAllInfo,
  type PersistentSubscriptionToStreamInfo,
} from '@eventstore/db-client';
import type { LogPosition } from '../../infra/eventstore/recorded.ts';
import { countEventsAfter } from '../../projections/log-reads.ts';
import type { AnyProjection } from '../../projections/projection.ts';
import { readProjectionStatus, type StatusSources } from '../../projections/status.ts';
import type { ComponentHealth } from './health-schema.ts';
import { groupState, projectionLight } from './lights.ts';
import { oldestMatchingAfter } from './log-tail.ts';

/** Remembers when each component was last seen caught up, for lag beyond what a read can date. */
export type CaughtUpMemory = Map<string, number>;

const lagSecondsOf = async (
  client: EventStoreDBClient,
  id: string,
  lagEvents: number | null,
  checkpoint: LogPosition | undefined,
  prefixes: readonly string[],
  memory: CaughtUpMemory,
  now: number,
): Promise<number> => {
  if (lagEvents === 0) {
    memory.set(id, now);
    return 0;
  }
  const oldest = await oldestMatchingAfter(client, checkpoint, prefixes);
  if (oldest !== undefined) return Math.max(0, (now - oldest.getTime()) / 1000);
  const since = memory.get(id) ?? now;
  return (now - since) / 1000;
};

/** Every read model: the light from its reported state, lag in events and in seconds. */
export const projectionComponents = async (
  sources: StatusSources,
  projections: readonly AnyProjection[],
  memory: CaughtUpMemory,
): Promise<ComponentHealth[]> => {
  const statuses = await readProjectionStatus(sources, projections);
  const now = sources.now().getTime();
  return Promise.all(
    statuses.map(async (status) => {
      const projection = projections.find((p) => p.name === status.name);
      const prefixes = (projection?.categories ?? []).map((c) => `${c}-`);
      const id = `projection:${status.name}`;
      const lagSeconds =
        status.collection === null
          ? null
          : await lagSecondsOf(
              sources.client,
              id,
              status.lagEvents,
              status.checkpoint ?? undefined,
              prefixes,
              memory,
              now,
            );
      return {
        id,
        name: status.name,
        kind: 'projection' as const,
        ...projectionLight(status.state, lagSeconds),
        lagEvents: status.lagEvents,
        lagSeconds,
        parked: null,
      };
    }),
  );
};

/** What a persistent subscription group reads, to count what it has not handled yet. */
export interface WatchedGroup {
  readonly group: string;
  readonly prefixes: readonly string[];
  readonly kind: 'subscription' | 'bridge';
}

type GroupInfo = PersistentSubscriptionToAllInfo | PersistentSubscriptionToStreamInfo;

/**
 * Where a group's unhandled events start: after its last checkpoint; before it has one, where it
 * was told to start. A group started at the end has no such place to count from ('unknown'), not
 * the whole log behind it.
 */
const baselineOf = (info: GroupInfo): LogPosition | undefined | 'unknown' => {
  const checkpoint =
    'lastCheckpointedEventPosition' in info.stats
      ? info.stats.lastCheckpointedEventPosition
      : undefined;
  const start = info.settings.startFrom;
  const position = checkpoint ?? (typeof start === 'object' ? start : undefined);
  if (position !== undefined)
    return { commit: Number(position.commit), prepare: Number(position.prepare) };
  return start === START ? undefined : 'unknown';
};

/**
 * The persistent subscription groups on `$all`, as the event store reports them (whichever
 * process consumes them). Lag counts from the group's last checkpoint.
 */
export const groupComponents = async (
  client: EventStoreDBClient,
  watched: readonly WatchedGroup[],
  defaultPrefixes: readonly string[],
  memory: CaughtUpMemory,
  now: number,
): Promise<ComponentHealth[]> => {
  const groups = (await client.listAllPersistentSubscriptions()).filter(
    (info) => info.eventSource === '$all',
  );
  const found = await Promise.all(
    groups.map(async (info) => {
      const spec = watched.find((w) => w.group === info.groupName);
      const prefixes = spec?.prefixes ?? defaultPrefixes;
      const id = `group:${info.groupName}`;
      const from = baselineOf(info);
      const lagEvents = from === 'unknown' ? null : await countEventsAfter(client, from, prefixes);
      const lagSeconds =
        from === 'unknown'
          ? null
          : await lagSecondsOf(client, id, lagEvents, from, prefixes, memory, now);
      const parked = Number(info.stats.parkedMessageCount);
      return {
        id,
        name: info.groupName,
        kind: spec?.kind ?? ('subscription' as const),
        ...groupState(info.connections.length, parked, lagSeconds ?? 0),
        lagEvents,
        lagSeconds,
        parked,
      };
    }),
  );
  // A watched group the store does not have has never been started here (the bridge off).
  const missing = watched
    .filter((w) => !groups.some((info) => info.groupName === w.group))
    .map((w) => ({
      id: `group:${w.group}`,
      name: w.group,
      kind: w.kind,
      light: 'off' as const,
      state: 'Off: not configured',
      lagEvents: null,
      lagSeconds: null,
      parked: null,
    }));
  return [...found, ...missing];
};
