import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { pino } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../../infra/logger.ts';
import type { Metrics } from '../../infra/metrics.ts';

const acceptable = /^[\w.:-]{1,128}$/;

/**
 * Request logs with a correlation id taken from X-Correlation-Id (when sane) or made. A request
 * that succeeded is logged at debug (LOG_LEVEL=debug shows them), so that they do not drown the
 * rest; 4xx at warn, 5xx and failures at error.
 */
export const requestLogging = (logger: Logger): RequestHandler =>
  pinoHttp({
    logger,
    genReqId: (req, res) => {
      const given = req.headers['x-correlation-id'];
      const id = typeof given === 'string' && acceptable.test(given) ? given : randomUUID();
      res.setHeader('X-Correlation-Id', id);
      return id;
    },
    customLogLevel: (_req, res, error) =>
      error !== undefined || res.statusCode >= 500
        ? 'error'
        : res.statusCode >= 400
          ? 'warn'
          : 'debug',
    autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
    // Serializers of the raw request and response: pino-http's wrapping would first copy every
    // header into an object on each request, only for these to keep three fields of it.
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage & { id?: unknown }) => ({
        id: req.id,
        method: req.method,
        url: req.url,
      }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      err: pino.stdSerializers.err,
    },
  });

/** HTTP latency by route pattern (never the raw URL, which would explode the label space). */
export const requestMetrics = (metrics: Metrics): RequestHandler => {
  const latency = metrics.histogram('http_request_duration_seconds', 'HTTP request latency', [
    'method',
    'route',
    'status',
  ]);
  return (req, res, next) => {
    const stop = latency.startTimer();
    res.on('finish', () => {
      const pattern: unknown = (req.route as { path?: unknown } | undefined)?.path;
      const route = typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : 'unmatched';
      stop({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
};
