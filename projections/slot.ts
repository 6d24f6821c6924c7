import { sleep } from '../infra/eventstore/backoff.ts';
import type { RunnerStatus } from '../infra/eventstore/runner-status.ts';
import type { ReadModelCollection, ReadModelStore, StoredDoc } from '../infra/readmodels/store.ts';
import { atOrAfter } from './position.ts';
import { movePointer, type Build, type PointerDoc } from './pointers.ts';
import { rebuildProgress, type RebuildProgress } from './status.ts';
import type { LogPosition } from '../infra/eventstore/recorded.ts';
import type { Projection } from './projection.ts';
import { RateMeter } from './rate.ts';
import {
  startProjectionRunner,
  type ProjectionRunner,
  type ProjectionRunnerOptions,
} from './runner.ts';
import { statusId, type ProjectionState, type StatusDoc } from './status-doc.ts';

/** What every runner of a slot shares; the slot fills in the projection and the collection. */
export type RunnerDeps<D extends StoredDoc> = Omit<
  ProjectionRunnerOptions<D>,
  'projection' | 'target' | 'publishing' | 'signal'
> & { readonly store: ReadModelStore };

interface Running {
  readonly runner: ProjectionRunner;
  readonly controller: AbortController;
}

export interface SlotOptions<D extends StoredDoc> {
  readonly projection: Projection<D>;
  readonly deps: RunnerDeps<D>;
  readonly pointers: ReadModelCollection<PointerDoc>;
  /** How long a collection switched away from stays, for queries that resolved it just before. */
  readonly graceMs: number;
  /** How long a switch waits for the new collection to pass the old one's last event. */
  readonly switchTimeoutMs: number;
}

const stateOf = (status: RunnerStatus): ProjectionState => {
  if (status.state === 'live' || status.state === 'retrying') return status.state;
  return status.state === 'standby' || status.state === 'stopped' ? 'stopped' : 'catching-up';
};

/**
 * One read model's runners: the live one on the active collection and, during a rebuild, one
 * filling the next collection from position 0. The pointer document decides; the slot follows
 * it, and switches reads over once the new collection has passed the old one.
 */
export class ProjectionSlot<D extends StoredDoc> {
  private live: Running | undefined;
  private building: Running | undefined;
  private readonly buildRate = new RateMeter();
  private build: Build | undefined;
  private readonly options: SlotOptions<D>;

  constructor(options: SlotOptions<D>) {
    this.options = options;
  }

  get name(): string {
    return this.options.projection.name;
  }

  liveRunner(): ProjectionRunner | undefined {
    return this.live?.runner;
  }

  /**
   * Makes the runners match the pointer, switches when a rebuild is ready, drops old collections.
   * Resolves with the rebuild it switched to, if it did.
   */
  async sync(pointer: PointerDoc, now: Date): Promise<Build | undefined> {
    const { projection } = this.options;
    // A collection of another version is left as it is (still served) until its successor is
    // ready: this build's evolve may not fit its documents.
    const active = pointer.version === projection.version ? pointer.active : undefined;
    if (this.live?.runner.collection !== active) {
      await this.halt(this.live);
      this.live = active === undefined ? undefined : await this.start(active, true);
    }
    const wanted = pointer.building?.collection;
    if (this.building?.runner.collection !== wanted) {
      await this.halt(this.building);
      // A rebuild reads from the start of the log: on a subscription of its own, so that it never
      // holds back the live read models.
      this.building = wanted === undefined ? undefined : await this.start(wanted, false);
    }
    this.build = pointer.building ?? undefined;
    let switched: Build | undefined;
    if (this.building !== undefined) {
      this.buildRate.sample(
        now.getTime(),
        this.building.runner.catchUp.status().position?.commit ?? 0,
      );
      if (this.building.runner.catchUp.status().state === 'live')
        switched = await this.switchOver(pointer, now);
    }
    await this.dropRetired(pointer, now);
    return switched;
  }

  /** How far the rebuild under way is, for the live progress bar; undefined when none is. */
  progress(head: LogPosition | undefined): RebuildProgress | undefined {
    const runner = this.building?.runner;
    if (runner === undefined || this.build === undefined) return undefined;
    const rates = {
      eventsPerSecond: runner.eventsPerSecond(),
      commitsPerSecond: this.buildRate.perSecond(),
    };
    return rebuildProgress(this.build, runner.catchUp.status().position, head, rates, false);
  }

  status(owner: string, now: Date): StatusDoc {
    const live = this.live?.runner;
    const building = this.building?.runner;
    const liveStatus = live?.catchUp.status();
    return {
      _id: statusId(this.name),
      name: this.name,
      state:
        building !== undefined
          ? 'rebuilding'
          : liveStatus === undefined
            ? 'stopped'
            : stateOf(liveStatus),
      collection: live?.collection ?? null,
      eventsPerSecond: live?.eventsPerSecond() ?? 0,
      lastError: liveStatus?.lastError ?? building?.catchUp.status().lastError ?? null,
      rebuild:
        building === undefined
          ? null
          : {
              collection: building.collection,
              eventsPerSecond: building.eventsPerSecond(),
              commitsPerSecond: this.buildRate.perSecond(),
            },
      owner,
      updatedAt: now.toISOString(),
    };
  }

  async stop(): Promise<void> {
    await Promise.all([this.halt(this.live), this.halt(this.building)]);
    this.live = undefined;
    this.building = undefined;
  }

  private async start(collection: string, shared: boolean): Promise<Running> {
    const controller = new AbortController();
    const { store, share, ...deps } = this.options.deps;
    const runner = await startProjectionRunner({
      ...deps,
      ...(shared && share !== undefined ? { share } : {}),
      projection: this.options.projection,
      target: store.collection(collection, this.options.projection.schema),
      publishing: () => this.live?.runner.collection === collection,
      signal: controller.signal,
    });
    return { runner, controller };
  }

  private async halt(running: Running | undefined): Promise<void> {
    if (running === undefined) return;
    running.controller.abort();
    await running.runner.done;
  }

  /**
   * Stops the old runner, waits until the new collection has applied every event the old one
   * had, then moves the pointer in one write: reads never see the read model go backwards.
   */
  private async switchOver(pointer: PointerDoc, now: Date): Promise<Build | undefined> {
    const build = pointer.building;
    const next = this.building;
    if (build === null || next === undefined) return undefined;
    const old = this.live;
    await this.halt(old);
    this.live = undefined; // should the switch not happen, the next sync starts it again
    const deadline = Date.now() + this.options.switchTimeoutMs;
    while (!atOrAfter(next.runner.lastEvent(), old?.runner.lastEvent())) {
      if (Date.now() > deadline) return undefined; // the next sync starts the old runner again
      await sleep(20);
    }
    const retiredAt = now.toISOString();
    const moved = await movePointer(this.options.pointers, pointer, {
      active: build.collection,
      version: build.version,
      generation: build.generation,
      building: null,
      retired: [...pointer.retired, { collection: pointer.active, retiredAt }],
      finished: { ...build, finishedAt: retiredAt },
    });
    if (!moved) return undefined;
    this.live = next;
    this.building = undefined;
    this.build = undefined;
    this.options.deps.logger.info(
      { projection: this.name, collection: build.collection },
      'switched reads to the rebuilt collection',
    );
    return build;
  }

  private async dropRetired(pointer: PointerDoc, now: Date): Promise<void> {
    const due = pointer.retired.filter(
      (r) => Date.parse(r.retiredAt) + this.options.graceMs <= now.getTime(),
    );
    if (due.length === 0) return;
    const { store, checkpoints } = this.options.deps;
    for (const { collection } of due)
      await store.collection(collection, this.options.projection.schema).drop();
    await checkpoints.delete(due.map((r) => r.collection));
    const latest = await this.options.pointers.get(pointer._id);
    if (latest === undefined) return;
    const kept = latest.retired.filter((r) => !due.some((d) => d.collection === r.collection));
    await movePointer(this.options.pointers, latest, { retired: kept });
  }
}
