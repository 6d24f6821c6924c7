import { z } from 'zod';

/** A problem the CLI explains and exits with, rather than a stack trace. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

const tokenSchema = z.object({ token: z.string().min(1) });

/** The admin API of a running Order Ledger, with a token from the environment or, embedded, a dev token. */
export const adminClient = async (url: string, token: string | undefined) => {
  const call = async (path: string, init: RequestInit = {}, bearer?: string): Promise<Response> => {
    try {
      return await fetch(new URL(path, url), {
        ...init,
        headers: {
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(bearer === undefined ? {} : { authorization: `Bearer ${bearer}` }),
        },
      });
    } catch (error) {
      throw new CliError(
        `no answer from ${url}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
  let bearer = token;
  if (bearer === undefined) {
    const issued = await call('/api/auth/dev-token', {
      method: 'POST',
      body: JSON.stringify({ sub: 'projections-cli', roles: ['admin'] }),
    });
    if (!issued.ok)
      throw new CliError(
        'set ORDER_LEDGER_TOKEN to an admin token (dev tokens exist only in embedded mode)',
      );
    bearer = tokenSchema.parse(await issued.json()).token;
  }
  return {
    /** The JSON body of a request, checked with `schema`; `accept` lists the statuses that are answers. */
    async json<T>(
      path: string,
      schema: z.ZodType<T>,
      init: RequestInit = {},
      accept = [200],
    ): Promise<{ status: number; body: T }> {
      const response = await call(path, init, bearer);
      const text = await response.text();
      if (!accept.includes(response.status))
        throw new CliError(`${init.method ?? 'GET'} ${path} answered ${response.status}: ${text}`);
      return { status: response.status, body: schema.parse(JSON.parse(text)) };
    },
  };
};
