import type { Request, Response, Router } from 'express';
import type { TokenVerifier } from '../auth/tokens.ts';
import { authenticate } from '../auth/authenticate.ts';
import { HttpProblem } from './problem.ts';
import type { Route } from './route.ts';
import { parseRequest } from './validate.ts';

const anonymous = { sub: 'anonymous', roles: [] } as const;

const hasJsonBody = (req: Request): boolean =>
  req.is(['application/json', 'application/*+json']) !== false;

/** Mounts routes on a router: authenticate, authorise, check the content type, validate, handle. */
export const mountRoutes = (
  router: Router,
  routes: readonly Route[],
  verifier: TokenVerifier,
): void => {
  for (const route of routes) {
    router[route.method](route.path, async (req: Request, res: Response) => {
      const principal = route.access === 'public' ? anonymous : await authenticate(req, verifier);
      if (
        typeof route.access !== 'string' &&
        !route.access.some((role) => principal.roles.includes(role))
      ) {
        throw new HttpProblem(
          403,
          'forbidden',
          'Forbidden',
          `this needs one of the roles: ${route.access.join(', ')}`,
        );
      }
      let body: unknown = undefined;
      if (route.body !== undefined) {
        if (!hasJsonBody(req)) {
          throw new HttpProblem(
            415,
            'unsupported_media_type',
            'Unsupported media type',
            'send the body as application/json',
          );
        }
        body = parseRequest(route.body, req.body, 'body');
      }
      const query = route.query ? parseRequest(route.query, req.query, 'query') : undefined;
      const params = route.params ? parseRequest(route.params, req.params, 'path') : undefined;
      await route.handle({ req, res, body, query, params, principal });
    });
  }
};

export type { Router };
