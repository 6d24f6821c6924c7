import { randomUUID } from 'node:crypto';
import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  StreamNotFoundError,
  type EventStoreDBClient,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { waitFor } from './wait.ts';

/**
 * A category no other test or earlier run used: no dash inside, since the category projections
 * cut a stream name at its first dash.
 */
export const uniqueCategory = (label: string): string =>
  `${label}${randomUUID().replaceAll('-', '')}`;

/**
 * A link stream read forwards (or, for the shared `$streams` and `$ce-order`, the newest
 * `maxCount` backwards and put back in order); nothing when the projection has not created it.
 */
export const readLinks = async (
  client: EventStoreDBClient,
  stream: string,
  options: { resolveLinkTos: boolean; newest?: number },
): Promise<ResolvedEvent[]> => {
  const { resolveLinkTos, newest } = options;
  try {
    const found: ResolvedEvent[] = [];
    const read =
      newest === undefined
        ? client.readStream(stream, { direction: FORWARDS, fromRevision: START, resolveLinkTos })
        : client.readStream(stream, {
            direction: BACKWARDS,
            fromRevision: END,
            maxCount: newest,
            resolveLinkTos,
          });
    for await (const resolved of read) found.push(resolved);
    return newest === undefined ? found : found.reverse();
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
};

/** What a link points at ("revision@stream"), read without resolving it. */
export const linkData = (resolved: ResolvedEvent): string => {
  const data = resolved.event?.data;
  return data instanceof Uint8Array ? Buffer.from(data).toString('utf8') : JSON.stringify(data);
};

/**
 * Waits until a link stream holds `count` entries that `mine` accepts (a real server's
 * projections run behind the appends), then returns those entries.
 */
export const waitForLinks = async (
  client: EventStoreDBClient,
  stream: string,
  options: {
    resolveLinkTos: boolean;
    count: number;
    newest?: number;
    mine?: (resolved: ResolvedEvent) => boolean;
  },
): Promise<ResolvedEvent[]> => {
  const mine = options.mine ?? (() => true);
  let found: ResolvedEvent[] = [];
  await waitFor(
    `${options.count} links in ${stream}`,
    async () => {
      found = (await readLinks(client, stream, options)).filter(mine);
      return found.length >= options.count;
    },
    15_000,
  );
  return found;
};
