import { FORWARDS, type EventStoreDBClient } from '@eventstore/db-client';
import { toClientPosition, type LogPosition } from '../../infra/eventstore/recorded.ts';

/**
 * When the oldest event after `after` in streams with these prefixes was written: the age of the
 * oldest event a consumer has not handled yet. Reads at most `scan` events of `$all` (to the end
 * of that page, as projections/log-reads.ts explains); undefined when none of them matches.
 */
export const oldestMatchingAfter = async (
  client: EventStoreDBClient,
  after: LogPosition | undefined,
  prefixes: readonly string[],
  scan = 500,
): Promise<Date | undefined> => {
  let oldest: Date | undefined;
  const from = after === undefined ? undefined : toClientPosition(after);
  for await (const resolved of client.readAll({
    direction: FORWARDS,
    ...(from === undefined ? {} : { fromPosition: from }),
    maxCount: scan + 1,
  })) {
    const event = resolved.event;
    if (event === undefined || oldest !== undefined) continue;
    const same =
      from !== undefined &&
      event.position.commit === from.commit &&
      event.position.prepare === from.prepare;
    if (!same && prefixes.some((prefix) => event.streamId.startsWith(prefix)))
      oldest = event.created;
  }
  return oldest;
};
