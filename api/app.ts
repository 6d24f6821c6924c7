import express, { type Express, type RequestHandler } from 'express';
import { defaultTopics } from '../infra/kafka/topics.ts';
import type { Logger } from '../infra/logger.ts';
import type { Metrics } from '../infra/metrics.ts';
import type { TrustProxy } from '../infra/trust-proxy.ts';
import type { TokenVerifier } from './auth/tokens.ts';
import { asyncApiDocument } from './contracts/asyncapi.ts';
import { asyncApiInfo } from './contracts/info.ts';
import { problemMiddleware } from './http/errors.ts';
import { mountRoutes } from './http/mount.ts';
import { requestLogging, requestMetrics } from './http/observe.ts';
import { openApiDocument } from './http/openapi.ts';
import { HttpProblem } from './http/problem.ts';
import { rejectDuplicateKeys } from './http/strict-json.ts';
import {
  apiContentSecurityPolicy,
  apiPaths,
  httpsOnlyHsts,
  securityHeaders,
} from './http/security-headers.ts';
import { defineRoute, type Route } from './http/route.ts';
import { requestTracing } from './http/tracing.ts';

export interface AppOptions {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly verifier: TokenVerifier;
  readonly routes: readonly Route[];
  /** Serves everything that is not the API (the UI), after the API routes. */
  readonly fallback?: RequestHandler;
  /** Express's `trust proxy`: whose X-Forwarded-* headers count (TRUST_PROXY). Default: none. */
  readonly trustProxy?: TrustProxy;
}

/** The express app, built from what it is given (no module-level singletons). */
export const createApp = (options: AppOptions): Express => {
  const { logger, metrics, verifier, routes, fallback } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? false);
  app.use(securityHeaders, httpsOnlyHsts);
  app.use(apiPaths, apiContentSecurityPolicy);
  // Hashing every JSON body for an ETag costs more than the conditional GETs it would serve here.
  app.set('etag', false);
  // First, so that the request log and everything after it runs in the request's span and log context.
  app.use(requestTracing);
  app.use(requestLogging(logger));
  app.use(requestMetrics(metrics));
  app.use(
    express.json({
      limit: '1mb',
      strict: true,
      type: ['application/json', 'application/*+json'],
      // JSON.parse keeps the last of two equal keys; a body that says two things is refused.
      verify: (_req, _res, buffer) => {
        rejectDuplicateKeys(buffer.toString('utf8'));
      },
    }),
  );

  const openApiRoute = defineRoute({
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This document',
    tag: 'ops',
    access: 'public',
    responses: { 200: { description: 'the OpenAPI 3.1 document' } },
    handle: ({ res }) => {
      res.json(document);
    },
  });
  const asyncApiRoute = defineRoute({
    method: 'get',
    path: '/api/asyncapi.json',
    summary: 'The AsyncAPI 3 document of the Kafka topics',
    tag: 'ops',
    access: 'public',
    responses: { 200: { description: 'the AsyncAPI 3.0 document' } },
    handle: ({ res }) => {
      res.json(eventsDocument);
    },
  });
  // Built once: it depends on the event schemas only, like the committed contracts/asyncapi.json.
  const eventsDocument = asyncApiDocument(defaultTopics, asyncApiInfo);
  const all = [...routes, openApiRoute, asyncApiRoute];
  const document = openApiDocument(all, { title: 'Order Ledger API', version: '1' });

  const router = express.Router();
  mountRoutes(router, all, verifier);
  app.use(router);
  app.use('/api', () => {
    throw new HttpProblem(404, 'not_found', 'Not found', 'no such API route');
  });
  if (fallback) app.use(fallback);
  app.use(() => {
    throw new HttpProblem(404, 'not_found', 'Not found');
  });
  app.use(problemMiddleware(logger, metrics));
  return app;
};
