import type { EventStoreDBClient } from '@eventstore/db-client';
import type { LogPosition } from '../infra/eventstore/recorded.ts';
import type { ReadModelStore } from '../infra/readmodels/store.ts';
import { checkpointsOf } from './checkpoints.ts';
import { countEventsAfter } from './log-reads.ts';
import { pointersOf, type Build, type PointerDoc } from './pointers.ts';
import type { AnyProjection } from './projection.ts';
import { statusesOf, statusId, type ProjectionState, type StatusDoc } from './status-doc.ts';

export interface RebuildProgress {
  readonly collection: string;
  readonly startedAt: string;
  readonly position: LogPosition | null;
  readonly head: LogPosition | null;
  /** 0..1: how far through the log (by commit position) the new collection is. */
  readonly progress: number;
  readonly eventsPerSecond: number;
  readonly etaSeconds: number | null;
  readonly done: boolean;
}

export interface ProjectionStatus {
  readonly name: string;
  readonly state: ProjectionState;
  readonly collection: string | null;
  readonly checkpoint: LogPosition | null;
  readonly head: LogPosition | null;
  readonly lagEvents: number | null;
  readonly eventsPerSecond: number;
  readonly rebuild: RebuildProgress | null;
}

/** A status older than this means the process running the projections is gone. */
const freshForMs = 10_000;
/** How long a finished rebuild is still shown (as done). */
const finishedShownMs = 60_000;

const progressOf = (position: LogPosition | undefined, head: LogPosition | undefined): number =>
  head === undefined || head.commit <= 0 ? 1 : Math.min(1, (position?.commit ?? 0) / head.commit);

export const rebuildProgress = (
  build: Build,
  position: LogPosition | undefined,
  head: LogPosition | undefined,
  rates: { eventsPerSecond: number; commitsPerSecond: number } | undefined,
  done: boolean,
): RebuildProgress => {
  const left = Math.max(0, (head?.commit ?? 0) - (position?.commit ?? 0));
  const perSecond = rates?.commitsPerSecond ?? 0;
  return {
    collection: build.collection,
    startedAt: build.startedAt,
    position: position ?? null,
    head: head ?? null,
    progress: done ? 1 : progressOf(position, head),
    eventsPerSecond: done ? 0 : (rates?.eventsPerSecond ?? 0),
    etaSeconds: done ? 0 : perSecond > 0 ? Math.round(left / perSecond) : null,
    done,
  };
};

export interface StatusSources {
  readonly store: ReadModelStore;
  readonly client: EventStoreDBClient;
  readonly head: () => Promise<LogPosition | undefined>;
  readonly idPrefix?: string;
  readonly now: () => Date;
}

/** Every read model's state, checkpoint, lag and rebuild, as the admin API shows them. */
export const readProjectionStatus = async (
  sources: StatusSources,
  projections: readonly AnyProjection[],
): Promise<ProjectionStatus[]> => {
  const { store, now } = sources;
  const [head, pointers, statuses] = await Promise.all([
    sources.head(),
    pointersOf(store).getMany(projections.map((p) => p.name)),
    statusesOf(store).getMany(projections.map((p) => statusId(p.name))),
  ]);
  const checkpoints = checkpointsOf(store);
  const at = async (collection: string | undefined) =>
    collection === undefined ? undefined : (await checkpoints.get(collection))?.position;
  return Promise.all(
    projections.map(async (projection) => {
      const pointer: PointerDoc | undefined = pointers.get(projection.name);
      const reported: StatusDoc | undefined = statuses.get(statusId(projection.name));
      const fresh =
        reported !== undefined && now().getTime() - Date.parse(reported.updatedAt) < freshForMs;
      const checkpoint = await at(pointer?.active);
      const prefixes = projection.categories.map((c) => `${c}-${sources.idPrefix ?? ''}`);
      const building = pointer?.building ?? null;
      const finished = pointer?.finished ?? null;
      let rebuild: RebuildProgress | null = null;
      if (building !== null) {
        const rates =
          fresh && reported.rebuild?.collection === building.collection
            ? reported.rebuild
            : undefined;
        rebuild = rebuildProgress(building, await at(building.collection), head, rates, false);
      } else if (
        finished !== null &&
        now().getTime() - Date.parse(finished.finishedAt) < finishedShownMs
      ) {
        rebuild = rebuildProgress(finished, checkpoint, head, undefined, true);
      }
      return {
        name: projection.name,
        state: fresh ? reported.state : 'stopped',
        collection: pointer?.active ?? null,
        checkpoint: checkpoint ?? null,
        head: head ?? null,
        lagEvents:
          pointer === undefined
            ? null
            : await countEventsAfter(sources.client, checkpoint, prefixes),
        eventsPerSecond: fresh ? reported.eventsPerSecond : 0,
        rebuild,
      };
    }),
  );
};
