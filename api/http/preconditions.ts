import type { Request, Response } from 'express';
import { DomainError } from '../../domain/shared/errors.ts';
import { ConcurrencyExhausted } from '../../infra/eventstore/command-handler.ts';
import type { DomainEvent, EventCodec } from '../../infra/eventstore/codec.ts';
import { StreamConflict, type EventStore } from '../../infra/eventstore/event-store.ts';
import { problemFor } from './errors.ts';
import { HttpProblem } from './problem.ts';

/**
 * Optimistic concurrency over HTTP (RFC 9110 §13): an order's ETag is its stream's revision, so
 * a client that read revision 3 can say "only if it is still 3" and the server can tell it what
 * happened since, instead of overwriting a change the client never saw.
 */

/** A strong validator: the revision of the stream, quoted. */
export const etagOf = (revision: number): string => `"${String(revision)}"`;

/** `*` (any existing resource) or the revisions the client will accept. */
export type IfMatch =
  { readonly any: true } | { readonly any: false; readonly revisions: number[] };

const entityTag = /^"(\d{1,15})"$/;

/** The If-Match header, parsed; a malformed one is a 400 (weak tags never match strongly). */
export const parseIfMatch = (req: Request): IfMatch | undefined => {
  const header = req.get('if-match');
  if (header === undefined) return undefined;
  if (header.trim() === '*') return { any: true };
  const revisions = header.split(',').map((tag) => {
    const match = entityTag.exec(tag.trim());
    if (match?.[1] === undefined) {
      throw new HttpProblem(
        400,
        'malformed_if_match',
        'Malformed If-Match',
        'If-Match is * or a list of the ETags this API sends, such as "3"',
      );
    }
    return Number(match[1]);
  });
  return { any: false, revisions };
};

export const satisfies = (ifMatch: IfMatch, revision: number | undefined): boolean =>
  revision !== undefined && (ifMatch.any || ifMatch.revisions.includes(revision));

/** If-None-Match (weak comparison, RFC 9110 §13.1.2): true when the client's copy is current. */
export const notModified = (req: Request, etag: string): boolean => {
  const header = req.get('if-none-match');
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
};

export const ifMatchHeader = {
  name: 'If-Match',
  description:
    'an ETag from GET /api/orders/{id} (or *): acted on only while the order is at that revision, else 412',
} as const;

export const ifNoneMatchHeader = {
  name: 'If-None-Match',
  description: 'the ETag of the copy you hold: 304 while the order is still at that revision',
} as const;

/** An event another writer appended after the revision the client expected. */
export interface WinningEvent {
  readonly type: string;
  readonly revision: number;
  readonly recordedAt: string;
  readonly actor: string;
}

/** What was appended to the stream after `expected`: the events that won the race. */
export const winningEvents = async <E extends DomainEvent>(
  store: EventStore,
  stream: string,
  codec: EventCodec<E>,
  expected: number | undefined,
): Promise<WinningEvent[]> => {
  const read = await store.readStream(stream, codec, { fromRevision: (expected ?? -1) + 1 });
  return read.events.map(({ event, revision, recordedAt, metadata }) => ({
    type: event.type,
    revision,
    recordedAt: recordedAt.toISOString(),
    actor: metadata.actor,
  }));
};

/** Where the order stands now, for a 409 or 412 to carry. */
export interface CurrentState {
  readonly revision: number | undefined;
  readonly view: unknown;
}

export const preconditionFailed = (
  res: Response,
  current: CurrentState,
  winners: readonly WinningEvent[],
): HttpProblem => {
  if (current.revision !== undefined) res.set('ETag', etagOf(current.revision));
  return new HttpProblem(
    412,
    'precondition_failed',
    'Precondition failed',
    'the order changed since the ETag you sent; read it again and decide anew',
    {
      ...(current.revision === undefined ? {} : { etag: etagOf(current.revision) }),
      currentState: current.view,
      winningEvents: winners,
    },
  );
};

/**
 * A refused transition (409 from a DomainError conflict) or a lost race (409 from the command
 * handler), answered with the order as it is now and, for a race, what won it; anything else is
 * rethrown for the error middleware.
 */
export const conflictWithState = async (
  error: unknown,
  res: Response,
  current: () => Promise<CurrentState>,
  winners?: () => Promise<readonly WinningEvent[]>,
): Promise<never> => {
  const raced = error instanceof StreamConflict || error instanceof ConcurrencyExhausted;
  const refused = error instanceof DomainError && error.kind === 'conflict';
  const problem = problemFor(error);
  if ((!raced && !refused) || problem === undefined) throw error;
  const now = await current();
  if (now.revision !== undefined) res.set('ETag', etagOf(now.revision));
  const { type, title, status, ...rest } = problem;
  const code = type.replace(/^urn:order-ledger:problem:/, '');
  throw new HttpProblem(status, code, title, undefined, {
    ...rest,
    ...(now.revision === undefined ? {} : { etag: etagOf(now.revision) }),
    currentState: now.view,
    ...(raced && winners !== undefined ? { winningEvents: await winners() } : {}),
  });
};
