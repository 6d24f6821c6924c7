import type { Socket } from 'socket.io';
import type { Logger } from '../../infra/logger.ts';
import type { LiveSession } from './handshake.ts';
import type { OrderOwners } from './ownership.ts';
import { parseRoom, type LiveEventName } from './protocol.ts';
import { mayJoin } from './rooms.ts';

export interface ClientEvents {
  join: (...args: unknown[]) => void;
  leave: (...args: unknown[]) => void;
  since: (...args: unknown[]) => void;
}
export type ServerEvents = Record<
  LiveEventName,
  (payload: Readonly<Record<string, unknown>>) => void
>;
export interface SocketData {
  session: LiveSession;
}
export type LiveSocket = Socket<ClientEvents, ServerEvents, Record<string, never>, SocketData>;

// setTimeout takes at most a signed 32-bit number of milliseconds.
const maxTimerMs = 2 ** 31 - 1;

/**
 * Closes the connection when the token expires. Closing the transport (not the socket) makes the
 * client reconnect with whatever token it has by then; an expired one is refused.
 */
export const endAtExpiry = (socket: LiveSocket, expiresAt: number | undefined): void => {
  if (expiresAt === undefined) return;
  const timer = setTimeout(
    () => {
      socket.conn.close();
    },
    Math.min(maxTimerMs, expiresAt - Date.now()),
  );
  timer.unref();
  socket.once('disconnect', () => {
    clearTimeout(timer);
  });
};

/** A recovered session brings its rooms back: the token presented now must still allow them. */
export const recheckRooms = (socket: LiveSocket, owners: OrderOwners, log: Logger): void => {
  const { principal } = socket.data.session;
  const rooms = [...socket.rooms].filter((room) => room !== socket.id);
  void Promise.all(
    rooms.map(async (name) => {
      const room = parseRoom(name);
      if (room === undefined || (await mayJoin(principal, room, owners)) !== true)
        await socket.leave(name);
    }),
  ).catch((error: unknown) => {
    log.warn({ err: error }, 'could not check the rooms of a recovered session');
    socket.disconnect(true);
  });
};
