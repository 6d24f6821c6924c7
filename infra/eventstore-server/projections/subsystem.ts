import type { Logger } from '../../logger.ts';
import { indexAtOrAfter } from '../store/reads.ts';
import type { Store } from '../store/store.ts';
import type { EventRecord } from '../store/records.ts';
import { readPersisted, writePersisted } from './persisted.ts';
import { ProjectionRuntime } from './runtime.ts';
import { standardProjections } from './standard.ts';

export class ProjectionNotFoundError extends Error {
  constructor(name: string) {
    super(`Projection '${name}' not found`);
    this.name = 'ProjectionNotFoundError';
  }
}

export class InvalidProjectionQueryError extends Error {
  constructor(name: string, query: string) {
    super(`Projection '${name}' does not accept the source ${JSON.stringify(query)}`);
    this.name = 'InvalidProjectionQueryError';
  }
}

/**
 * KurrentDB's standard projections, running as a node started with `RunProjections=All` and
 * `StartStandardProjections=true` runs them (what infra/compose.yaml configures). Their link
 * streams are derived from the log rather than written to it: each commit is handled before the
 * append is answered, so a `$bc-`, `$ce-` or `$et-` stream is up to date with every acknowledged
 * append, and a restart derives the same links again.
 */
export class ProjectionsSubsystem {
  private readonly store: Store;
  private readonly logger: Logger;
  private readonly projections = new Map<string, ProjectionRuntime>();
  private unsubscribe: (() => void) | undefined;

  constructor(store: Store, logger: Logger) {
    this.store = store;
    this.logger = logger;
  }

  /** Loads each projection's state from the log, catches it up, and follows new commits. */
  start(): void {
    for (const definition of standardProjections) {
      const projection = new ProjectionRuntime(definition, this.store);
      const persisted = readPersisted(this.store, definition.name);
      if (persisted !== undefined) {
        projection.enabled = persisted.enabled;
        projection.query = persisted.query ?? definition.query;
        projection.epoch = persisted.epoch ?? projection.epoch;
        projection.version = persisted.version ?? projection.version;
      }
      projection.advance(this.stopIndex(persisted), false);
      this.projections.set(definition.name, projection);
    }
    this.unsubscribe = this.store.onCommit(() => {
      const links: EventRecord[] = [];
      for (const projection of this.projections.values()) {
        if (projection.enabled) links.push(...projection.advance());
      }
      this.store.notifyDerived(links, false);
    });
    this.logger.info({ projections: this.projections.size }, 'standard projections started');
  }

  // A disabled projection derives only what it had emitted when it stopped.
  private stopIndex(persisted: ReturnType<typeof readPersisted>): number {
    const { all } = this.store;
    if (persisted === undefined || persisted.enabled) return all.length;
    if (persisted.stoppedAt === undefined) return 0;
    return indexAtOrAfter(all, persisted.stoppedAt + 1);
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  list(): ProjectionRuntime[] {
    return [...this.projections.values()];
  }

  get(name: string): ProjectionRuntime {
    const projection = this.projections.get(name);
    if (projection === undefined) throw new ProjectionNotFoundError(name);
    return projection;
  }

  /** Starts a projection: it catches up with what was written while it was stopped. */
  async enable(name: string): Promise<void> {
    const projection = this.get(name);
    if (projection.enabled) return;
    projection.enabled = true;
    this.store.notifyDerived(projection.advance(), true);
    await writePersisted(this.store, projection);
  }

  /** Stops a projection: nothing is linked until it is enabled again. */
  async disable(name: string): Promise<void> {
    const projection = this.get(name);
    if (!projection.enabled) return;
    projection.enabled = false;
    await writePersisted(this.store, projection);
  }

  /** A new epoch from the start of the log; links already emitted stay, none is emitted twice. */
  async reset(name: string): Promise<void> {
    const projection = this.get(name);
    projection.reset();
    if (projection.enabled) this.store.notifyDerived(projection.advance(), true);
    await writePersisted(this.store, projection);
  }

  /**
   * A new source text (the category separator, the correlation property), used for the events
   * handled from now on, as an update of a running projection does in KurrentDB.
   */
  async update(name: string, query: string): Promise<void> {
    const projection = this.get(name);
    if (!projection.definition.acceptsQuery(query))
      throw new InvalidProjectionQueryError(name, query);
    projection.query = query;
    projection.version++;
    await writePersisted(this.store, projection);
  }

  /** KurrentDB's RestartSubsystem: every projection starts again from where it was. */
  restart(): void {
    for (const projection of this.projections.values()) projection.eventsProcessedAfterRestart = 0;
  }
}
