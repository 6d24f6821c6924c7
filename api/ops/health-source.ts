import type { EventStoreDBClient } from '@eventstore/db-client';
import type { LogPosition } from '../../infra/eventstore/recorded.ts';
import type { AnyProjection } from '../../projections/projection.ts';
import type { ReadModels } from '../../projections/read-models.ts';
import type { ReadModelStore } from '../../infra/readmodels/store.ts';
import {
  groupComponents,
  projectionComponents,
  type CaughtUpMemory,
  type WatchedGroup,
} from './components.ts';
import type { ComponentHealth, HealthSnapshot } from './health-schema.ts';
import type { createHttpWindow } from './http-window.ts';
import { readOpenOrders, type OpenOrders } from './open-orders.ts';

export interface HealthSources {
  readonly client: EventStoreDBClient;
  readonly head: () => Promise<LogPosition | undefined>;
  readonly readStore: ReadModelStore;
  readonly readModels: ReadModels;
  /** Throws while the read models cannot answer (as /ready asks). */
  readonly readModelsReady: () => Promise<void>;
  readonly projections: readonly AnyProjection[];
  readonly groups: readonly WatchedGroup[];
  /** Prefixes of the groups not in `groups`: the domain's streams. */
  readonly defaultPrefixes: readonly string[];
  readonly http: ReturnType<typeof createHttpWindow>;
  readonly now: () => Date;
}

export interface Health extends HealthSnapshot {
  readonly oldestAgeByStatus: OpenOrders['oldestAgeByStatus'];
}

const why = (error: unknown) => (error instanceof Error ? error.message : String(error));

const storeComponent = async (
  id: string,
  name: string,
  check: () => Promise<unknown>,
): Promise<ComponentHealth> => {
  const base = {
    id,
    name,
    kind: 'store' as const,
    lagEvents: null,
    lagSeconds: null,
    parked: null,
  };
  try {
    await check();
    return { ...base, light: 'ok', state: 'Up' };
  } catch (error) {
    return { ...base, light: 'down', state: `Down: ${why(error)}` };
  }
};

// A part that cannot be read shows as one red component saying why, not as a failed page.
const orDown = async (
  id: string,
  name: string,
  kind: ComponentHealth['kind'],
  read: () => Promise<ComponentHealth[]>,
): Promise<ComponentHealth[]> => {
  try {
    return await read();
  } catch (error) {
    return [
      {
        id,
        name,
        kind,
        light: 'down',
        state: `Unknown: ${why(error)}`,
        lagEvents: null,
        lagSeconds: null,
        parked: null,
      },
    ];
  }
};

/**
 * The figures of the System health page and of the operator metrics, from their sources (the
 * event store, the read models, the HTTP histogram), computed at most once per `ttlMs` however
 * many scrapes and pages ask.
 */
export const createHealthSource = (sources: HealthSources, { ttlMs = 1_000 } = {}) => {
  const memory: CaughtUpMemory = new Map();
  let cached: { at: number; value: Promise<Health> } | undefined;

  const assemble = async (): Promise<Health> => {
    const now = sources.now();
    const [eventStore, readModels, projections, groups, open, http] = await Promise.all([
      storeComponent('store:eventstore', 'Event store', sources.head),
      storeComponent('store:read-models', 'Read-model store', sources.readModelsReady),
      orDown('projection:*', 'Projections', 'projection', () =>
        projectionComponents(
          {
            store: sources.readStore,
            client: sources.client,
            head: sources.head,
            now: sources.now,
          },
          sources.projections,
          memory,
        ),
      ),
      orDown('group:*', 'Persistent subscriptions', 'subscription', () =>
        groupComponents(
          sources.client,
          sources.groups,
          sources.defaultPrefixes,
          memory,
          now.getTime(),
        ),
      ),
      readOpenOrders(sources.readModels, now).catch(() => undefined),
      sources.http.routes(),
    ]);
    return {
      at: now.toISOString(),
      components: [eventStore, readModels, ...groups, ...projections],
      openOrders: { byStatus: open?.byStatus ?? {}, oldest: open?.oldest ?? [] },
      oldestAgeByStatus: open?.oldestAgeByStatus ?? {},
      payments: open?.payments ?? { authorized: 0, declined: 0 },
      http,
    };
  };

  return {
    snapshot(): Promise<Health> {
      const at = Date.now();
      if (cached === undefined || at - cached.at >= ttlMs) {
        const value = assemble();
        cached = { at, value };
        // A failed read is not kept: the next asker tries again.
        value.catch(() => {
          if (cached?.value === value) cached = undefined;
        });
      }
      return cached.value;
    },
    stop() {
      sources.http.stop();
    },
  };
};

export type HealthSource = ReturnType<typeof createHealthSource>;

/** What `GET /api/admin/health` and `health.changed` carry: the snapshot less the metrics' own. */
export const publicSnapshot = async (source: HealthSource): Promise<HealthSnapshot> => {
  const { oldestAgeByStatus: _ages, ...snapshot } = await source.snapshot();
  return snapshot;
};
