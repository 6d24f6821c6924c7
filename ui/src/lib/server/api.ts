import type { RequestEvent } from '@sveltejs/kit';
import * as z from 'zod/mini';
import { problemSchema, type Problem } from '../schemas/common.ts';

/** An API answer that was not a success, with its problem+json body. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(status: number, problem: Problem) {
    super(problem.detail ?? problem.title ?? `the API answered ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

type Query = Record<string, string | number | undefined | null>;
interface CallOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly query?: Query;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

// The API runs in this very process: call it on the address this request arrived at, not on
// the Host header's origin, which the caller controls (the bearer token must never leave).
const internalOrigin = (event: RequestEvent): string => {
  const socket = event.platform?.req.socket;
  if (socket?.localAddress === undefined || socket.localPort === undefined) return event.url.origin;
  const host = socket.localAddress.includes(':') ? `[${socket.localAddress}]` : socket.localAddress;
  return `http://${host}:${socket.localPort}`;
};

const urlOf = (origin: string, path: string, query: Query | undefined): string => {
  const url = new URL(path, origin);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '')
      url.searchParams.set(key, String(value));
  }
  return url.toString();
};

const problemOf = async (response: Response): Promise<Problem> => {
  const text = await response.text().catch(() => '');
  try {
    const parsed = problemSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // not JSON: fall through
  }
  return { title: response.statusText, status: response.status };
};

/** The API as the signed-in user of this request sees it. */
export const apiFor = (event: RequestEvent, token: string | null = event.locals.token) => {
  const origin = internalOrigin(event);

  const raw = async (path: string, options: CallOptions = {}): Promise<Response> => {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await fetch(urlOf(origin, path, options.query), {
        method: options.method ?? 'GET',
        headers,
        body: options.body === undefined ? null : JSON.stringify(options.body),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (cause) {
      const detail = cause instanceof Error ? cause.message : String(cause);
      throw new ApiError(503, { title: 'The API did not answer', detail });
    }
  };

  const json = async <S extends z.ZodMiniType>(
    schema: S,
    path: string,
    options: CallOptions = {},
  ): Promise<{ body: z.infer<S>; headers: Headers; status: number }> => {
    const response = await raw(path, options);
    if (!response.ok) throw new ApiError(response.status, await problemOf(response));
    const parsed = schema.safeParse(await response.json());
    if (!parsed.success) {
      // A defect between UI and API: the details are for the log, not for the user.
      console.error(`[ui] unexpected answer from ${path}:\n${z.prettifyError(parsed.error)}`);
      throw new ApiError(502, {
        title: 'Unexpected answer from the API',
        detail: 'The server answered in a shape this page does not understand.',
      });
    }
    return { body: parsed.data, headers: response.headers, status: response.status };
  };

  return { raw, json, failure: (response: Response) => problemOf(response) };
};
export type Api = ReturnType<typeof apiFor>;
