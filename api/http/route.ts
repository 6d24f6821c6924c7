import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Principal, Role } from '../auth/principal.ts';

export interface ResponseSpec {
  readonly description: string;
  readonly schema?: z.ZodType;
  /** Defaults to application/json (application/problem+json for 4xx/5xx). */
  readonly contentType?: string;
}

export interface RouteContext<B, Q, P> {
  readonly req: Request;
  readonly res: Response;
  readonly body: B;
  readonly query: Q;
  readonly params: P;
  /** The caller; anonymous (no roles) on public routes. */
  readonly principal: Principal;
}

/**
 * One HTTP route, declared once: express mounts it (auth, content type, zod validation) and the
 * OpenAPI document is generated from the same declaration, so the two cannot drift apart.
 */
export interface Route<B = unknown, Q = unknown, P = unknown> {
  readonly method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  /** Who may call it; 'public' needs no token, 'signed-in' any valid token. */
  readonly access: 'public' | 'signed-in' | readonly Role[];
  readonly body?: z.ZodType<B>;
  readonly query?: z.ZodType<Q>;
  readonly params?: z.ZodType<P>;
  /** Extra request headers worth documenting (e.g. Idempotency-Key). */
  readonly headers?: readonly {
    readonly name: string;
    readonly description: string;
    readonly required?: boolean;
  }[];
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  handle(context: RouteContext<B, Q, P>): Promise<void> | void;
}

/**
 * Declares a route with its types inferred from its schemas. The cast forgets those types for the
 * list of routes; it is sound because mountRoute parses body, query and params with this very
 * route's schemas before calling `handle`.
 */
export const defineRoute = <B = undefined, Q = undefined, P = undefined>(
  route: Route<B, Q, P>,
): Route => route;
