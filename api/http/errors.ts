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
  'entity.duplicate.key': {
    type: 'urn:order-ledger:problem:duplicate_key',
    title: 'Duplicate key',
    status: 400,
    detail: 'an object in the body names the same key twice',
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
    const known = bodyParserProblems[error.type];
    if (known !== undefined) return detailed(known, error);
  }
  return clientFault(error);
};

const detailed = (problem: Problem, error: Error): Problem =>
  'path' in error && typeof error.path === 'string'
    ? { ...problem, errors: [{ path: error.path, message: error.message }] }
    : problem;

const statusOf = (error: Error): number | undefined => {
  const status = 'status' in error ? error.status : 'statusCode' in error ? error.statusCode : 0;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
};

/**
 * Whatever else a parser or the framework refuses with a 4xx (a body that does not match its
 * Content-Encoding, an aborted upload, a malformed path): a client fault is never a 500.
 */
const clientFault = (error: unknown): Problem | undefined => {
  if (!(error instanceof Error)) return undefined;
  const status = statusOf(error);
  if (status === undefined) return undefined;
  if ('code' in error && typeof error.code === 'string' && /^(Z_|ERR__ERROR)/.test(error.code)) {
    return {
      type: 'urn:order-ledger:problem:bad_content_encoding',
      title: 'Body does not match its encoding',
      status: 400,
      detail: 'the body could not be decoded with the Content-Encoding it was sent with',
    };
  }
  return {
    type: 'urn:order-ledger:problem:bad_request',
    title: 'Bad request',
    status,
    detail: error.message,
  };
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
