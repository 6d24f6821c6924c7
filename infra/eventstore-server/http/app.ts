import { createServer, type Server } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from '../../logger.ts';
import { StoreUnavailableError, type Store } from '../store/store.ts';
import { atomDeleteRoutes } from './atom-delete.ts';
import { atomReadRoutes } from './atom-read.ts';
import { atomWriteRoutes } from './atom-write.ts';
import { cors } from './cors.ts';
import { machineCpuMeter, nodeInfoRoutes } from './node-info.ts';
import { reply } from './replies.ts';

export interface HttpApiOptions {
  readonly store: Store;
  readonly logger: Logger;
  readonly projections: boolean;
  readonly maxAppendSize: number;
}

/**
 * The HTTP/1.1 side of the server port: KurrentDB's node endpoints and the AtomPub stream API.
 * It is handed connections by the front door, so it never listens itself.
 */
export const httpApi = (options: HttpApiOptions): Server => {
  const app = express();
  app.disable('x-powered-by');
  app.use(cors);
  const router = express.Router({ strict: true });
  nodeInfoRoutes(router, {
    store: options.store,
    projections: options.projections,
    startedAt: new Date(),
    eventsAtStart: options.store.all.length,
    machineCpu: machineCpuMeter(),
  });
  atomReadRoutes(router, options.store);
  // A batch of events is JSON around their data: leave room beyond the append limit.
  atomWriteRoutes(router, options.store, options.maxAppendSize * 2);
  atomDeleteRoutes(router, options.store);
  app.use(router);
  app.use((_request: Request, response: Response) => {
    reply(response, 404, 'Not Found');
  });
  app.use((error: unknown, _request: Request, response: Response, next: NextFunction) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    if (error instanceof StoreUnavailableError) {
      reply(response, 503, error.message);
      return;
    }
    const status =
      typeof error === 'object' &&
      error !== null &&
      'status' in error &&
      typeof error.status === 'number'
        ? error.status
        : 500;
    if (status >= 500) options.logger.error({ err: error }, 'HTTP request failed');
    reply(response, status, status >= 500 ? 'Internal Server Error' : 'Bad Request');
  });
  const server = createServer(app);
  server.keepAliveTimeout = 5_000;
  return server;
};
