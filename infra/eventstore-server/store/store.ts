import { randomUUID } from 'node:crypto';
import type { EventLog, RecoveredRecord } from '../log/event-log.ts';
import { encodeRecord, type LogEntry, type NewLogEntry } from '../log/record.ts';
import { checkCommit, type CommitDecision, type StreamFacts } from './commit-check.ts';
import { metadataEntry, tombstoneEntry, undeleteEntries } from './entries.ts';
import { softDeletedMetadata } from './metadata.ts';
import {
  DELETED_REVISION,
  isMetastream,
  metastreamOf,
  originalStreamOf,
  type EventRecord,
  type ProposedEvent,
} from './records.ts';
import {
  deleteRefused,
  StoreUnavailableError,
  type AppendOutcome,
  type DeleteOutcome,
} from './outcomes.ts';
import { ShardedMap } from './sharded-map.ts';
import { StreamState } from './stream-state.ts';
import { storedRecord, type ReadLog, type StoredRecord } from './stored-record.ts';

export { StoreUnavailableError, type AppendOutcome, type DeleteOutcome } from './outcomes.ts';

export type CommitListener = (records: readonly EventRecord[]) => void;
/** Hears of links added to derived streams (see `derivedStream`), in the order they were added. */
export type LinkListener = (links: readonly EventRecord[]) => void;

/**
 * All streams in memory over a durable log. Appends are checked against the writer's view (which
 * includes appends still being synced) and become visible to readers and subscribers only once
 * their record is durable, in log order.
 */
export class Store {
  /** Every committed event in log order. */
  readonly all: EventRecord[] = [];
  private readonly streams = new ShardedMap<StreamState>();
  private readonly ids = new ShardedMap<EventRecord>();
  private readonly pending = new Map<EventRecord, Promise<readonly EventRecord[]>>();
  private readonly listeners = new Set<CommitListener>();
  private readonly linkListeners = new Set<LinkListener>();
  private failure: Error | undefined;
  private readonly log: EventLog;
  private readonly readLog: ReadLog | undefined;
  /** One copy of each event type's name, shared by the events of that type. */
  private readonly types = new Map<string, string>();
  /** Committed records whose payload is let go of at the next turn of the event loop. */
  private releasing: StoredRecord[] = [];
  private readonly onListenerError: (error: unknown) => void;
  readonly now: () => number;

  constructor(
    log: EventLog,
    recovered: Iterable<RecoveredRecord>,
    options: { now?: () => number; onListenerError?: (error: unknown) => void } = {},
  ) {
    this.log = log;
    this.readLog = log.read?.bind(log);
    this.now = options.now ?? Date.now;
    this.onListenerError = options.onListenerError ?? (() => undefined);
    for (const { offset, entries } of recovered) {
      // Not held: the payload read at start sits in a recovery chunk; the file has it.
      const records = entries.map((entry) => this.toRecord(entry, offset, false));
      this.applyWrite(records);
      this.applyCommit(records, false);
    }
  }

  /** Events written but not yet durable (the writer's queue). */
  get pendingWrites(): number {
    return this.pending.size;
  }

  /** The stream, if anything was ever written to it. */
  stream(name: string): StreamState | undefined {
    return this.streams.get(name);
  }

  /** Calls `listener` with every batch of newly committed events; returns the unsubscribe. */
  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Calls `listener` with every batch of links added to derived streams, which no commit carries
   * (persistent subscription groups on link streams); returns the unsubscribe.
   */
  onLinks(listener: LinkListener): () => void {
    this.linkListeners.add(listener);
    return () => this.linkListeners.delete(listener);
  }

  /** Appends events to a stream at `expected` (a revision or an ExpectedVersion code). */
  async append(
    stream: string,
    expected: number,
    events: readonly ProposedEvent[],
  ): Promise<AppendOutcome> {
    this.assertWritable();
    const decision = checkCommit(
      this.factsOf(stream),
      expected,
      events.map((e) => e.id),
    );
    switch (decision.kind) {
      case 'deleted':
        return { kind: 'stream-deleted' };
      case 'wrong-expected-version': {
        // Answered once what won is durable and readable: a client that reads the stream on
        // this answer (to show what changed) must find the events it conflicted with.
        const state = this.streams.get(stream);
        const last = state?.at(state.lastRevision);
        if (last !== undefined) await this.pending.get(last)?.catch(() => undefined);
        return { kind: 'wrong-expected-version', current: decision.currentVersion, expected };
      }
      case 'idempotent':
        await this.pending.get(decision.last);
        return {
          kind: 'success',
          revision: decision.last.revision,
          position: decision.last.position,
        };
      case 'ok':
        return this.appendChecked(stream, decision, events);
    }
  }

  /**
   * Writes events to several streams in one durable record, so a crash keeps all or none of them
   * (the system streams of a new database). Each event goes at the end of its stream.
   */
  async appendAcrossStreams(
    writes: readonly { stream: string; event: ProposedEvent }[],
  ): Promise<void> {
    this.assertWritable();
    if (writes.length === 0) return;
    const now = this.now();
    const next = new Map<string, number>();
    const entries: NewLogEntry[] = writes.map(({ stream, event }) => {
      const revision = next.get(stream) ?? (this.streams.get(stream)?.lastRevision ?? -1) + 1;
      next.set(stream, revision + 1);
      return { ...event, stream, revision, tombstone: false, createdMs: now };
    });
    await this.write(entries);
  }

  /** Soft-deletes a stream: it reads as not found until written again (revisions continue). */
  async softDelete(stream: string, expected: number): Promise<DeleteOutcome> {
    const decision = this.checkDelete(stream, expected);
    if (decision.kind !== 'ok') return deleteRefused(decision, expected);
    const meta = this.streams.get(metastreamOf(stream));
    const revision = (meta?.lastRevision ?? -1) + 1;
    const [record] = await this.write([
      metadataEntry(metastreamOf(stream), revision, softDeletedMetadata(), this.now()),
    ]);
    return { kind: 'success', position: record?.position ?? 0 };
  }

  /** Hard-deletes (tombstones) a stream: it can never be read or written again. */
  async tombstone(stream: string, expected: number): Promise<DeleteOutcome> {
    const decision = this.checkDelete(stream, expected);
    if (decision.kind !== 'ok') return deleteRefused(decision, expected);
    const [record] = await this.write([tombstoneEntry(stream, this.now())]);
    return { kind: 'success', position: record?.position ?? 0 };
  }

  private checkDelete(stream: string, expected: number): CommitDecision {
    this.assertWritable();
    return checkCommit(this.factsOf(stream), expected, [randomUUID()]);
  }

  private appendChecked(
    stream: string,
    decision: Extract<CommitDecision, { kind: 'ok' }>,
    events: readonly ProposedEvent[],
  ): Promise<AppendOutcome> {
    if (events.length === 0) {
      return Promise.resolve({
        kind: 'success',
        revision: decision.currentVersion,
        position: undefined,
      });
    }
    const now = this.now();
    const entries: NewLogEntry[] = events.map((event, index) => ({
      ...event,
      stream,
      revision: decision.currentVersion + 1 + index,
      tombstone: false,
      createdMs: now,
    }));
    const first = decision.currentVersion + 1;
    entries.push(...undeleteEntries((name) => this.streams.get(name), stream, first, events, now));
    return this.write(entries).then((records) => {
      const last = records[events.length - 1];
      return { kind: 'success', revision: last?.revision ?? -1, position: last?.position };
    });
  }

  private factsOf(stream: string): StreamFacts {
    const state = this.streams.get(stream);
    const original = isMetastream(stream) ? this.streams.get(originalStreamOf(stream)) : undefined;
    const meta = this.streams.get(metastreamOf(stream));
    const deleted = state?.tombstone !== undefined || original?.tombstone !== undefined;
    return {
      currentVersion: deleted ? DELETED_REVISION : (state?.lastRevision ?? -1),
      softDeleted: meta?.metadataOf('writer').softDeleted ?? false,
      metadataVersion: meta?.lastRevision ?? -1,
      eventAt: (revision) => state?.at(revision),
      eventWithId: (id) => {
        const found = this.ids.get(id);
        return found?.stream === stream ? found : undefined;
      },
    };
  }

  private toRecord(entry: LogEntry, offset: number, held: boolean): StoredRecord {
    let type = this.types.get(entry.type);
    if (type === undefined) {
      type = entry.type;
      this.types.set(type, type);
    }
    const stream = this.streamState(entry.stream).name;
    return storedRecord(entry, offset, { stream, type }, this.readLog, held);
  }

  private write(entries: NewLogEntry[]): Promise<readonly EventRecord[]> {
    const { record, entries: logEntries } = encodeRecord(entries);
    const offset = this.log.end;
    const records = logEntries.map((entry) => this.toRecord(entry, offset, true));
    const done = new Promise<readonly EventRecord[]>((resolve, reject) => {
      this.log.write(record, (error) => {
        if (error === undefined) {
          this.applyCommit(records);
          resolve(records);
          return;
        }
        this.failure ??= error;
        for (const written of records) this.pending.delete(written);
        reject(error);
      });
    });
    this.applyWrite(records);
    for (const written of records) this.pending.set(written, done);
    return done;
  }

  private applyWrite(records: readonly StoredRecord[]): void {
    for (const record of records) {
      const stream = this.streamState(record.stream);
      if (record.tombstone) stream.tombstone = record;
      else stream.push(record);
      this.ids.set(record.id, record);
    }
  }

  private applyCommit(records: readonly StoredRecord[], releaseSoon = true): void {
    for (const record of records) {
      const stream = this.streamState(record.stream);
      if (record.tombstone) stream.tombstoneCommitted = true;
      else stream.committed++;
      this.all.push(record);
      this.pending.delete(record);
    }
    // A failing subscriber must not stop the commit (or the others) from completing.
    for (const listener of this.listeners) {
      try {
        listener(records);
      } catch (error) {
        this.onListenerError(error);
      }
    }
    if (releaseSoon && this.readLog !== undefined) this.releaseSoon(records);
  }

  /**
   * Lets go of the payload of newly committed records at the next turn of the event loop: the
   * commit listeners and the live subscriptions they wake read it from memory, and later readers
   * from the log. Held any longer, payloads outlive two young-generation collections, and each
   * one let go of later is garbage in the old generation holding memory outside the heap: V8
   * starts a full collection for every 64 MB of that: in a million-order seed, one every 10-15 s at
   * 5 million events, 40 % of the event store's thread (see the README).
   */
  private releaseSoon(records: readonly StoredRecord[]): void {
    if (this.releasing.length === 0) {
      setImmediate(() => {
        const released = this.releasing;
        this.releasing = [];
        for (const record of released) record.release();
      });
    }
    for (const record of records) this.releasing.push(record);
  }

  /**
   * A stream kept in memory only, beside the log: the system projections' link streams, derived
   * again from the log at every start. Readers and subscribers see its events like any other's.
   * `create` makes it the first time; a stream of that name clients wrote to first stays as it is.
   */
  derivedStream(name: string, create: (name: string) => StreamState): StreamState {
    let state = this.streams.get(name);
    if (state === undefined) {
      state = create(name);
      this.streams.set(name, state);
    }
    return state;
  }

  /**
   * Passes new links to the link listeners; outside a commit (a projection enabled again), the
   * commit listeners are woken too, as they read derived streams only when told something changed.
   */
  notifyDerived(links: readonly EventRecord[], outsideCommit: boolean): void {
    if (links.length === 0) return;
    for (const listener of this.linkListeners) this.call(listener, links);
    if (outsideCommit) for (const listener of this.listeners) this.call(listener, []);
  }

  // A failing listener must not stop the commit (or the others) from completing.
  private call(listener: CommitListener | LinkListener, records: readonly EventRecord[]): void {
    try {
      listener(records);
    } catch (error) {
      this.onListenerError(error);
    }
  }

  private streamState(name: string): StreamState {
    let state = this.streams.get(name);
    if (state === undefined) {
      state = new StreamState(name);
      this.streams.set(name, state);
    }
    return state;
  }

  private assertWritable(): void {
    if (this.failure !== undefined) {
      throw new StoreUnavailableError(`the event log failed: ${this.failure.message}`);
    }
  }

  /** Waits for queued writes and closes the log. */
  close(): Promise<void> {
    return this.log.close();
  }
}
