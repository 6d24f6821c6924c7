import { randomUUID } from 'node:crypto';
import type { Logger } from '../../logger.ts';
import { readStream, viewStream } from '../store/reads.ts';
import {
  ExpectedVersion,
  metastreamOf,
  SystemEventTypes,
  type ResolvedEvent,
} from '../store/records.ts';
import type { Store } from '../store/store.ts';
import type { Message } from './message.ts';
import { checkpointStreamOf, formatPosition, parkedStreamOf, parsePosition } from './settings.ts';

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value), 'utf8');
const event = (type: string, data: Buffer, metadata: Buffer = Buffer.alloc(0), isJson = true) => ({
  id: randomUUID(),
  type,
  isJson,
  data,
  metadata,
});

/**
 * What a group keeps in the log, in EventStoreDB's streams: its checkpoint in
 * `$persistentsubscription-{key}-checkpoint` (`$SubscriptionCheckpoint` events, two kept) and its
 * parked messages as `$>` links in `$persistentsubscription-{key}-parked`, whose `$tb` marks how
 * far they were replayed.
 */
export class GroupStorage {
  private readonly store: Store;
  private readonly key: string;
  private readonly isAll: boolean;
  private readonly logger: Logger;
  private checkpointWrite: Promise<void> | undefined;
  private nextCheckpoint: number | undefined;

  constructor(store: Store, key: string, isAll: boolean, logger: Logger) {
    this.store = store;
    this.key = key;
    this.isAll = isAll;
    this.logger = logger;
  }

  /** The last checkpoint written, if any. */
  loadCheckpoint(): number | undefined {
    const read = readStream(this.store, checkpointStreamOf(this.key), {
      from: 'end',
      direction: 'backwards',
      maxCount: 1,
      resolveLinks: false,
    });
    const last = read.kind === 'ok' ? read.events[0]?.event : undefined;
    if (last === undefined) return undefined;
    try {
      const text: unknown = JSON.parse(last.data.toString('utf8'));
      return typeof text === 'string' ? parsePosition(this.isAll, text) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Writes a checkpoint; while one is being written, only the latest waiting one follows it. */
  writeCheckpoint(position: number): void {
    this.nextCheckpoint = position;
    this.checkpointWrite ??= this.drainCheckpoints();
  }

  /** Resolves once no checkpoint write is in flight or waiting (a stop waits for it). */
  async settled(): Promise<void> {
    while (this.checkpointWrite !== undefined) await this.checkpointWrite;
  }

  private async drainCheckpoints(): Promise<void> {
    const stream = checkpointStreamOf(this.key);
    while (this.nextCheckpoint !== undefined) {
      const position = this.nextCheckpoint;
      this.nextCheckpoint = undefined;
      try {
        if (this.store.stream(stream) === undefined) {
          await this.store.append(metastreamOf(stream), ExpectedVersion.any, [
            event(SystemEventTypes.metadata, json({ $maxCount: 2 })),
          ]);
        }
        await this.store.append(stream, ExpectedVersion.any, [
          event('$SubscriptionCheckpoint', json(formatPosition(this.isAll, position))),
        ]);
      } catch (error) {
        this.logger.error(
          { err: error, group: this.key },
          'persistent subscription: checkpoint not written',
        );
      }
    }
    this.checkpointWrite = undefined;
  }

  /** Parks a message: a link to its event, with why, in the parked stream. */
  async park(message: Message, reason: string): Promise<void> {
    const target = message.resolved.event;
    const data =
      target === undefined
        ? (message.resolved.link?.data ?? Buffer.alloc(0))
        : Buffer.from(`${target.revision}@${target.stream}`, 'utf8');
    const metadata = json({
      added: new Date().toISOString(),
      reason,
      subscriptionEventNumber: message.position,
    });
    await this.store.append(parkedStreamOf(this.key), ExpectedVersion.any, [
      event(SystemEventTypes.linkTo, data, metadata, false),
    ]);
  }

  /** How many parked messages wait to be replayed. */
  parkedCount(): number {
    const view = viewStream(this.store, parkedStreamOf(this.key));
    return view.kind === 'ok' ? Math.max(0, view.last - view.first + 1) : 0;
  }

  /**
   * The parked messages not replayed yet, up to (not including) parked event number `stopAt`,
   * resolved to their events; and the event number replaying them reaches.
   */
  parkedToReplay(stopAt: number | undefined): { events: ResolvedEvent[]; end: number } {
    const view = viewStream(this.store, parkedStreamOf(this.key));
    if (view.kind !== 'ok') return { events: [], end: 0 };
    const end = Math.min(stopAt ?? Infinity, view.last + 1);
    const read = readStream(this.store, parkedStreamOf(this.key), {
      from: view.first,
      direction: 'forwards',
      maxCount: Math.max(0, end - view.first),
      resolveLinks: true,
    });
    return { events: read.kind === 'ok' ? read.events : [], end };
  }

  /** Hides replayed parked messages: the parked stream's `$tb` moves past them. */
  async markReplayed(end: number): Promise<void> {
    await this.store.append(metastreamOf(parkedStreamOf(this.key)), ExpectedVersion.any, [
      event(SystemEventTypes.metadata, json({ $tb: end })),
    ]);
  }

  /** A deleted group's checkpoint and parked messages are deleted with it (soft, as EventStoreDB does). */
  async delete(): Promise<void> {
    for (const stream of [checkpointStreamOf(this.key), parkedStreamOf(this.key)]) {
      if (this.store.stream(stream) === undefined) continue;
      await this.store.softDelete(stream, ExpectedVersion.any).catch((error: unknown) => {
        this.logger.warn({ err: error, stream }, 'persistent subscription: stream not deleted');
      });
    }
  }
}
