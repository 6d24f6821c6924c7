import { DELETED_REVISION, ExpectedVersion, type EventRecord } from './records.ts';

/** What an append may do, decided exactly as EventStoreDB's index writer decides it. */
export type CommitDecision =
  | { readonly kind: 'ok'; readonly currentVersion: number; readonly softDeleted: boolean }
  | { readonly kind: 'wrong-expected-version'; readonly currentVersion: number }
  | { readonly kind: 'deleted'; readonly currentVersion: number }
  | { readonly kind: 'idempotent'; readonly first: EventRecord; readonly last: EventRecord };

/** The facts about a stream the check needs (writer's view). */
export interface StreamFacts {
  /** Last revision, -1 when there is none, DELETED_REVISION after a tombstone. */
  readonly currentVersion: number;
  readonly softDeleted: boolean;
  /** Last revision of the stream's metadata stream, -1 when it has none. */
  readonly metadataVersion: number;
  /** The event at a revision of this stream, if any. */
  eventAt(revision: number): EventRecord | undefined;
  /** The last event written with this id to this stream, if any. */
  eventWithId(id: string): EventRecord | undefined;
}

/**
 * Decides an append of events with `ids` at `expected` (a revision or an ExpectedVersion code):
 * a retry of events already written at the same expected version is "idempotent" (nothing is
 * written twice); a retry that only partly matches is a wrong expected version.
 */
export const checkCommit = (
  facts: StreamFacts,
  expected: number,
  ids: readonly string[],
): CommitDecision => {
  const current = facts.currentVersion;
  if (current === DELETED_REVISION) return { kind: 'deleted', currentVersion: current };
  const wrong: CommitDecision = { kind: 'wrong-expected-version', currentVersion: current };

  if (expected === ExpectedVersion.streamExists) {
    if (facts.softDeleted) return { kind: 'deleted', currentVersion: current };
    if (current < 0 && facts.metadataVersion < 0) return wrong;
  }

  if (expected === ExpectedVersion.any || expected === ExpectedVersion.streamExists) {
    const matches: EventRecord[] = [];
    for (const id of ids) {
      const found = facts.eventWithId(id);
      if (found === undefined) {
        return matches.length === 0 ? ok(current, facts.softDeleted) : wrong;
      }
      matches.push(found);
    }
    const first = matches[0];
    const last = matches[matches.length - 1];
    if (first === undefined || last === undefined) return ok(current, facts.softDeleted);
    return { kind: 'idempotent', first, last };
  }

  if (expected < current) {
    const matches: EventRecord[] = [];
    for (const id of ids) {
      const revision = expected + 1 + matches.length;
      const found = facts.eventAt(revision);
      if (found?.id === id) {
        matches.push(found);
        continue;
      }
      if (matches.length > 0) return wrong;
      if (expected === ExpectedVersion.noStream && facts.softDeleted) return ok(current, true);
      return wrong;
    }
    const first = matches[0];
    const last = matches[matches.length - 1];
    if (first === undefined || last === undefined) return wrong;
    return { kind: 'idempotent', first, last };
  }

  if (expected > current) return wrong;
  return ok(current, facts.softDeleted);
};

const ok = (currentVersion: number, softDeleted: boolean): CommitDecision => ({
  kind: 'ok',
  currentVersion,
  softDeleted,
});
