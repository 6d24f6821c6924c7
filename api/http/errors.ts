import type { ErrorRequestHandler } from 'express';
import { DomainError } from '../../domain/shared/errors.ts';
import { ConcurrencyExhausted } from '../../infra/eventstore/command-handler.ts';
import { StreamConflict } from '../../infra/eventstore/event-store.ts';
import { UnreadableEvent, unreadableEvents } from '../../infra/eventstore/unreadable-event.ts';
import type { Logger } from '../../infra/logger.ts';
import type { Metrics } from '../../infra/metrics.ts';
import { HttpProblem, sendProblem, type Problem } from './problem.ts';

const domainStatus = { not_found: 404, conflict: 409, forbidden: 403, invalid: 422 } as const;

// body-parser marks its errors with a `type` and a `status`.
const bodyParserProblems: Record<string, Problem> = {
  'entity.parse.failed': {
    type: 'urn:order-ledger:problem:malformed_json',
    title: 'Malformed JSON',
    status: 400,
    detail: 'the body is not valid JSON',
  },
  'entity.too.large': {
    type: 'urn:order-ledger:problem:payload_too_large',
    title: 'Payload too large',
    status: 413,
    detail: 'the body is larger than 1 MB',
  },
  'encoding.unsupported': {
    type: 'urn:order-ledger:problem:unsupported_media_type',
    title: 'Unsupported media type',
    status: 415,
    detail: 'unsupported content encoding',
  },
  'charset.unsupported': {
    type: 'urn:order-ledger:problem:unsupported_media_type',
    title: 'Unsupported media type',
    status: 415,
    detail: 'unsupported charset',
  },
};

/** Maps anything a route throws to its problem document; undefined means a 500. */
export const problemFor = (error: unknown): Problem | undefined => {
  if (error instanceof HttpProblem) return error.problem;
  if (error instanceof DomainError) {
    return {
      type: `urn:order-ledger:problem:${error.code}`,
      title: error.message,
      status: domainStatus[error.kind],
      code: error.code,
      ...(Object.keys(error.details).length > 0 ? { details: error.details } : {}),
    };
  }
  if (error instanceof StreamConflict || error instanceof ConcurrencyExhausted) {
    return {
      type: 'urn:order-ledger:problem:conflict',
      title: 'Conflict',
      status: 409,
      detail: 'the resource changed concurrently; send the request again',
    };
  }
  // The store holds an event its schema refuses: no request can fix that, nor can retrying.
  if (error instanceof UnreadableEvent) {
    return {
      type: 'urn:order-ledger:problem:unreadable_event',
      title: 'Unreadable event',
      status: 500,
      detail: `event ${String(error.revision ?? '?')} of stream ${error.stream} cannot be read (the server log says why)`,
      stream: error.stream,
      ...(error.revision === undefined ? {} : { revision: error.revision }),
      ...(error.eventType === undefined ? {} : { eventType: error.eventType }),
      eventId: error.eventId,
    };
  }
  if (error instanceof Error && 'type' in error && typeof error.type === 'string') {
    return bodyParserProblems[error.type];
  }
  return undefined;
};

/** The one error middleware: every failure leaves as application/problem+json. */
export const problemMiddleware =
  (logger: Logger, metrics: Metrics): ErrorRequestHandler =>
  (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const problem = problemFor(error);
    if (error instanceof UnreadableEvent)
      unreadableEvents(metrics).report(error, 'http', logger, { url: req.originalUrl });
    if (problem === undefined) {
      logger.error({ err: error, method: req.method, url: req.originalUrl }, 'unhandled error');
      sendProblem(
        res,
        { type: 'urn:order-ledger:problem:internal', title: 'Internal error', status: 500 },
        req.originalUrl,
      );
      return;
    }
    if (problem.status === 401) res.set('WWW-Authenticate', 'Bearer');
    sendProblem(res, problem, req.originalUrl);
  };
