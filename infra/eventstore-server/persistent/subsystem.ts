import type { Logger } from '../../logger.ts';
import type { Store } from '../store/store.ts';
import { ConfigWriter, loadDefinitions } from './config-store.ts';
import { PersistentGroup } from './group.ts';
import { GroupStorage } from './group-storage.ts';
import { groupKey, problemWith, type GroupDefinition } from './settings.ts';
import { GroupSource } from './source.ts';

/** A group that is asked for does not exist. */
export class GroupNotFound extends Error {}
/** A group to create exists already. */
export class GroupExists extends Error {}
/** A definition EventStoreDB would refuse, with its reason. */
export class GroupRefused extends Error {}

/** How often groups check message timeouts and time-based checkpoints. */
const TICK_MS = 100;

/**
 * Every persistent subscription group of the server. Definitions live in the log (the
 * configuration stream), so groups, their checkpoints and parked messages survive restarts; a
 * restart of the subsystem drops every consumer and loads the groups afresh from the log.
 */
export class PersistentSubscriptions {
  private readonly store: Store;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly config: ConfigWriter;
  private groups = new Map<string, PersistentGroup>();
  /** Streams (and "$all") that ever had a group since start: listing one of them is not an error. */
  private topics = new Set<string>();
  private unsubscribe: (() => void) | undefined;
  private unsubscribeLinks: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(store: Store, logger: Logger, now: () => number = Date.now) {
    this.store = store;
    this.logger = logger;
    this.now = now;
    this.config = new ConfigWriter(store);
  }

  /** Loads the groups from the log and starts feeding them. */
  start(): void {
    for (const definition of loadDefinitions(this.store, this.logger)) {
      const key = groupKey(definition.stream, definition.group);
      if (this.groups.has(key)) continue;
      this.groups.set(key, this.build(definition));
      this.topics.add(definition.stream);
    }
    this.unsubscribe = this.store.onCommit((records) => {
      for (const group of this.groups.values()) {
        for (const record of records) group.committed(record);
      }
    });
    // Link streams get their links from the projections, not from commits. `$all` groups do
    // not see links: they are not in the log.
    this.unsubscribeLinks = this.store.onLinks((links) => {
      for (const group of this.groups.values()) {
        if (group.definition.stream === '$all') continue;
        for (const link of links) group.committed(link);
      }
    });
    this.timer = setInterval(() => {
      for (const group of this.groups.values()) {
        try {
          group.tick();
        } catch (error) {
          this.logger.error(
            { err: error, group: group.definition.group },
            'persistent subscription tick failed',
          );
        }
      }
    }, TICK_MS);
    this.timer.unref();
    this.logger.info({ groups: this.groups.size }, 'persistent subscriptions started');
  }

  /**
   * Drops every consumer and stops; resolves once the checkpoints being written are in the log,
   * so a clean stop never loses an acknowledged position.
   */
  stop(): Promise<void> {
    clearInterval(this.timer);
    this.unsubscribe?.();
    this.unsubscribeLinks?.();
    const settled = [...this.groups.values()].map((group) => group.shutdown());
    this.groups = new Map();
    this.topics = new Set();
    return Promise.all(settled).then(() => undefined);
  }

  /** EventStoreDB's restartSubsystem: everything dropped, then reloaded from the log. */
  async restart(): Promise<void> {
    await this.stop();
    this.start();
  }

  async create(definition: GroupDefinition): Promise<void> {
    const key = groupKey(definition.stream, definition.group);
    this.check(definition);
    if (this.groups.has(key)) throw new GroupExists(`Group '${definition.group}' already exists.`);
    this.groups.set(key, this.build(definition));
    this.topics.add(definition.stream);
    await this.save();
  }

  /** Replaces a group's settings; its consumers are dropped, its checkpoint kept. */
  async update(definition: GroupDefinition): Promise<void> {
    const key = groupKey(definition.stream, definition.group);
    const existing = this.groups.get(key);
    if (existing === undefined)
      throw new GroupNotFound(`Group '${definition.group}' does not exist.`);
    this.check(definition);
    // Its last checkpoint must be in the log before the new group reads it.
    await existing.shutdown();
    this.groups.set(key, this.build(definition));
    await this.save();
  }

  async delete(stream: string, group: string): Promise<void> {
    const key = groupKey(stream, group);
    const existing = this.groups.get(key);
    if (existing === undefined) throw new GroupNotFound(`Group '${group}' does not exist.`);
    // A checkpoint still being written would bring the deleted stream back.
    await existing.shutdown();
    this.groups.delete(key);
    await this.save();
    await this.storage(existing.definition).delete();
  }

  get(stream: string, group: string): PersistentGroup {
    const found = this.groups.get(groupKey(stream, group));
    if (found === undefined) throw new GroupNotFound(`Group '${group}' does not exist.`);
    return found;
  }

  /** Groups of one stream (or "$all"), or all of them; undefined when the stream never had one. */
  list(stream?: string): PersistentGroup[] | undefined {
    const all = [...this.groups.values()];
    if (stream === undefined) return all;
    if (!this.topics.has(stream)) return undefined;
    return all.filter((group) => group.definition.stream === stream);
  }

  private check(definition: GroupDefinition): void {
    const last = this.store.all[this.store.all.length - 1]?.position ?? 0;
    const problem = problemWith(definition, last);
    if (problem !== undefined) throw new GroupRefused(problem);
  }

  private build(definition: GroupDefinition): PersistentGroup {
    return new PersistentGroup(
      definition,
      new GroupSource(this.store, definition),
      this.storage(definition),
      this.logger,
      this.now,
    );
  }

  private storage(definition: GroupDefinition): GroupStorage {
    const key = groupKey(definition.stream, definition.group);
    return new GroupStorage(this.store, key, definition.stream === '$all', this.logger);
  }

  private save(): Promise<void> {
    return this.config.save([...this.groups.values()].map((group) => group.definition));
  }
}
