import type { ChangeFeed, ReadModelChange } from '../../infra/readmodels/change-feed.ts';
import { liveEvents, ordersRoom } from './protocol.ts';
import type { ChangeRelay, Emission } from './relay.ts';
import type { LiveSocket } from './session.ts';

export interface Replay {
  /** In the order the changes were published; snapshots and timelines only in their latest. */
  readonly emissions: readonly Emission[];
  /** The stats changed in between (at this position): send them once, fresh. */
  readonly statsPosition: number | undefined;
}

/**
 * What to send a client that asks `since` after a reconnect, from the feed's retained changes:
 * only events for its rooms; every summary (each is a step of its order); a timeline's entries
 * from `position` on, once per order (its latest document has them all); the latest of each
 * snapshot.
 */
export const replayFor = (
  changes: readonly ReadModelChange[],
  position: number,
  relay: ChangeRelay,
  inRooms: (rooms: readonly string[]) => boolean,
): Replay => {
  const lastTimeline = new Map<string, number>();
  for (const [index, change] of changes.entries())
    if (change.projection === 'order_timelines') lastTimeline.set(change.id, index);

  const emissions: Emission[] = [];
  const snapshots = new Map<string, Emission>();
  let statsPosition: number | undefined;
  for (const [index, change] of changes.entries()) {
    if (change.projection === 'order_timelines' && lastTimeline.get(change.id) !== index) continue;
    for (const relayed of relay.replay(change, position)) {
      if (relayed.kind === 'stats') {
        statsPosition = Math.max(statsPosition ?? 0, relayed.position);
        continue;
      }
      const { emission } = relayed;
      if (!inRooms(emission.rooms)) continue;
      if (emission.coalesce === undefined) emissions.push(emission);
      else {
        // Kept in its latest form, sent at the place of its first.
        if (!snapshots.has(emission.coalesce)) emissions.push(emission);
        snapshots.set(emission.coalesce, emission);
      }
    }
  }
  return {
    emissions: emissions.map((emission) =>
      emission.coalesce === undefined ? emission : (snapshots.get(emission.coalesce) ?? emission),
    ),
    statsPosition,
  };
};

/** Answers `since`: sends `socket` what it missed after `position`; resolves with how many. */
export const replayTo = async (
  socket: LiveSocket,
  position: number,
  deps: {
    readonly feed: ChangeFeed;
    readonly relay: ChangeRelay;
    readonly loadStats: (() => Promise<unknown>) | undefined;
  },
): Promise<number> => {
  const changes = await deps.feed.since(position);
  const replay = replayFor(changes, position, deps.relay, (rooms) =>
    rooms.some((room) => socket.rooms.has(room)),
  );
  for (const { event, payload } of replay.emissions) socket.emit(event, payload);
  if (replay.statsPosition !== undefined && deps.loadStats && socket.rooms.has(ordersRoom)) {
    const stats = await deps.loadStats();
    socket.emit(liveEvents.statsChanged, { stats, position: replay.statsPosition });
  }
  return replay.emissions.length;
};
