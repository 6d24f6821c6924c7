import type { CommitDecision } from './commit-check.ts';

/** The outcome of an append, as the protocol reports it. */
export type AppendOutcome =
  | {
      readonly kind: 'success';
      /** The revision of the last event the append wrote (or found already written). */
      readonly revision: number;
      /** Log position of that event; undefined when nothing was written. */
      readonly position: number | undefined;
    }
  | { readonly kind: 'wrong-expected-version'; readonly current: number; readonly expected: number }
  | { readonly kind: 'stream-deleted' };

/** The outcome of a soft or hard delete. */
export type DeleteOutcome =
  | { readonly kind: 'success'; readonly position: number }
  | { readonly kind: 'wrong-expected-version'; readonly current: number; readonly expected: number }
  | { readonly kind: 'stream-deleted' };

/** Appends are refused because the log can no longer be written. */
export class StoreUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

/** The delete outcome for a refused commit check. */
export const deleteRefused = (decision: CommitDecision, expected: number): DeleteOutcome =>
  decision.kind === 'wrong-expected-version'
    ? { kind: 'wrong-expected-version', current: decision.currentVersion, expected }
    : { kind: 'stream-deleted' };
