import type { RequestHandler } from 'express';
import { withLogContext, type LogContext } from '../../infra/telemetry/log-context.ts';
import {
  contextOfHeaders,
  endSpan,
  SpanKind,
  startSpan,
  tracingOn,
  withActiveSpan,
} from '../../infra/telemetry/tracing.ts';

// Routes about one order; its id is also the correlation id of everything its saga does.
const orderRoute = /^\/api\/(?:admin\/)?orders\/([^/]+)/;

const logContextOf = (path: string): LogContext => {
  const orderId = orderRoute.exec(path)?.[1];
  return orderId === undefined ? {} : { orderId, correlationId: orderId };
};

/**
 * Runs the rest of the request in a log context (the order of an order route; a new order's once
 * the command names it) and, with tracing on, in a server span that continues the caller's W3C
 * `traceparent`: the span every command, append and event of the request descends from.
 */
export const requestTracing: RequestHandler = (req, res, next) => {
  const fields = logContextOf(req.path);
  if (!tracingOn()) {
    withLogContext(fields, next);
    return;
  }
  const span = startSpan({
    name: req.method,
    kind: SpanKind.SERVER,
    parent: contextOfHeaders(req.headers),
    attributes: { 'http.request.method': req.method, 'url.path': req.path },
  });
  res.once('close', () => {
    // The route pattern, never the raw URL, names the span (as in requestMetrics).
    const pattern: unknown = (req.route as { path?: unknown } | undefined)?.path;
    const route = typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : undefined;
    if (route !== undefined) {
      span?.updateName(`${req.method} ${route}`);
      span?.setAttribute('http.route', route);
    }
    span?.setAttribute('http.response.status_code', res.statusCode);
    endSpan(span, res.statusCode >= 500 ? new Error(`HTTP ${String(res.statusCode)}`) : undefined);
  });
  withLogContext(fields, () => {
    withActiveSpan(span, next);
  });
};
