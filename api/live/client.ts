import type { ChangeFeed } from '../../infra/readmodels/change-feed.ts';
import type { Logger } from '../../infra/logger.ts';
import type { OrderOwners } from './ownership.ts';
import { ackOf, parseRoom, roomMessage, sinceMessage } from './protocol.ts';
import type { ChangeRelay } from './relay.ts';
import { replayTo } from './replay.ts';
import { mayJoin } from './rooms.ts';
import { endAtExpiry, recheckRooms, type LiveSocket } from './session.ts';

export interface ClientDeps {
  readonly feed: ChangeFeed;
  readonly relay: ChangeRelay;
  readonly owners: OrderOwners;
  readonly loadStats: (() => Promise<unknown>) | undefined;
  readonly maxRooms: number;
  readonly logger: Logger;
}

const maxJoinsPerSecond = 50;

/** What one connected client may ask: join, leave, since; and its session's end. */
export const serveClient = (socket: LiveSocket, deps: ClientDeps): void => {
  const { principal, expiresAt } = socket.data.session;
  const log = deps.logger.child({ socket: socket.id, sub: principal.sub });
  const joined = () => [...socket.rooms].filter((room) => room !== socket.id);

  endAtExpiry(socket, expiresAt);
  if (socket.recovered) recheckRooms(socket, deps.owners, log);

  // Each refused join of an unknown order may cost a read of the event store: keep them few.
  let joins = { second: 0, count: 0 };
  const tooManyJoins = () => {
    const second = Math.floor(Date.now() / 1000);
    joins = joins.second === second ? { second, count: joins.count + 1 } : { second, count: 1 };
    return joins.count > maxJoinsPerSecond;
  };

  socket.on('join', async (...args) => {
    const ack = ackOf(args);
    if (tooManyJoins()) {
      ack({ ok: false, error: `at most ${maxJoinsPerSecond} joins a second` });
      return;
    }
    const message = roomMessage.safeParse(args[0]);
    const room = message.success ? parseRoom(message.data.room) : undefined;
    if (!message.success || room === undefined) {
      ack({
        ok: false,
        error: "unknown room: send { room: 'orders' | 'admin' | 'ops' | 'order:<id>' }",
      });
      return;
    }
    if (joined().length >= deps.maxRooms && !socket.rooms.has(message.data.room)) {
      ack({ ok: false, error: `at most ${deps.maxRooms} rooms at a time` });
      return;
    }
    try {
      const allowed = await mayJoin(principal, room, deps.owners);
      if (allowed !== true) {
        ack({ ok: false, error: allowed });
        return;
      }
      await socket.join(message.data.room);
      ack({ ok: true });
    } catch (error) {
      log.warn({ err: error, room: message.data.room }, 'could not decide on a join');
      ack({ ok: false, error: 'could not join now; try again' });
    }
  });

  socket.on('leave', async (...args) => {
    const ack = ackOf(args);
    const message = roomMessage.safeParse(args[0]);
    if (!message.success) {
      ack({ ok: false, error: 'send { room }' });
      return;
    }
    await socket.leave(message.data.room);
    ack({ ok: true });
  });

  let replaying = false;
  socket.on('since', async (...args) => {
    const ack = ackOf(args);
    const message = sinceMessage.safeParse(args[0]);
    if (!message.success) {
      ack({ ok: false, error: 'send { position }: a commit position you last saw' });
      return;
    }
    if (replaying) {
      ack({ ok: false, error: 'a replay is already under way' });
      return;
    }
    replaying = true;
    try {
      ack({ ok: true, replayed: await replayTo(socket, message.data.position, deps) });
    } catch (error) {
      log.warn({ err: error }, 'could not replay changes');
      ack({ ok: false, error: 'could not replay now; reload instead' });
    } finally {
      replaying = false;
    }
  });
};
