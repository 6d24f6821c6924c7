import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

type NodeMiddleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => unknown;

const handlerFile = new URL('../ui/build/handler.js', import.meta.url);

// adapter-node reads its settings from `OL_UI_`-prefixed variables (ui/vite.config.ts). It cannot
// tell http from https by itself (it assumes https), so the protocol express saw is handed over in
// a header of our own, always overwritten, never taken from the client.
const protocolHeader = 'x-order-ledger-ui-protocol';

const isMiddleware = (value: unknown): value is NodeMiddleware => typeof value === 'function';

/**
 * The SvelteKit UI (adapter-node's handler from `ui/build`) as express middleware, mounted as the
 * app's fallback so one port serves UI, API and Socket.IO. Undefined when the UI is not built
 * (`npm run build:ui`; `npm start` builds it first).
 */
export const loadUiHandler = async (
  file: URL = handlerFile,
): Promise<RequestHandler | undefined> => {
  if (!existsSync(file)) return undefined;
  process.env.OL_UI_PROTOCOL_HEADER = protocolHeader;
  const loaded: unknown = await import(pathToFileURL(file.pathname).href);
  const handler: unknown =
    typeof loaded === 'object' && loaded !== null && 'handler' in loaded
      ? loaded.handler
      : undefined;
  if (!isMiddleware(handler)) throw new Error(`${file.pathname} exports no handler`);

  return (req: Request, res: Response, next: NextFunction) => {
    // express.json() ran first: a JSON body meant for the UI is already read. The UI only takes
    // form posts, so say so rather than leave SvelteKit waiting for a body that never comes.
    if (req.readableEnded && req.method !== 'GET' && req.method !== 'HEAD') {
      res.status(415).type('text/plain').send('The UI accepts form submissions only.');
      return;
    }
    req.headers[protocolHeader] = req.protocol;
    void handler(req, res, next);
  };
};
