// Test support only: events as a catch-up subscription to `$all` hands them to a projection.
import type { DomainEvent } from '../../domain/events.ts';
import { seededRandom } from '../../domain/shared/prng.ts';
import { parseStreamName } from '../../domain/streams.ts';
import type { ForeignEvent, ProjectedEvent } from '../projection.ts';

/** An event about to be written: its stream, who wrote it and when. */
export interface Written {
  readonly stream: string;
  readonly event: DomainEvent | ForeignEvent;
  readonly actor: string;
  readonly at: string;
}

/**
 * Records events in the order given: `$all` positions 100 apart from `start`, revisions per
 * stream, ids made of the stream and revision.
 */
export const record = (written: readonly Written[], start = 1_000): ProjectedEvent[] => {
  const revisions = new Map<string, number>();
  return written.map(({ stream, event, actor, at }, index) => {
    const revision = (revisions.get(stream) ?? -1) + 1;
    revisions.set(stream, revision);
    const position = start + index * 100;
    const ref = parseStreamName(stream);
    return {
      id: `${stream}@${revision}`,
      stream,
      revision,
      position: { commit: position, prepare: position },
      recordedAt: new Date(at),
      event,
      metadata: {
        $correlationId: ref?.category === 'inventory' ? `restock-${ref.id}` : (ref?.id ?? stream),
        $causationId: `cause-of-${stream}@${revision}`,
        schemaVersion: 1,
        actor,
        occurredAt: at,
      },
    };
  });
};

/** Each event twice in a row, as a subscription that redelivers would hand them over. */
export const deliveredTwice = (events: readonly ProjectedEvent[]): ProjectedEvent[] =>
  events.flatMap((event) => [event, event]);

/** Several histories merged at random, each keeping its own order (a seeded shuffle). */
export const interleave = (histories: readonly (readonly Written[])[], seed: number): Written[] => {
  const random = seededRandom(seed);
  const cursors = histories.map(() => 0);
  const merged: Written[] = [];
  for (;;) {
    const open = histories.flatMap((history, index) =>
      (cursors[index] ?? 0) < history.length ? [index] : [],
    );
    if (open.length === 0) return merged;
    const chosen = open[random.int(0, open.length - 1)] ?? 0;
    const next = histories[chosen]?.[cursors[chosen] ?? 0];
    if (next !== undefined) merged.push(next);
    cursors[chosen] = (cursors[chosen] ?? 0) + 1;
  }
};
