import { createContext } from 'svelte';
import { io, type Socket } from 'socket.io-client';
import { commitOf } from './position.ts';
import {
  joinAckSchema,
  liveEventSchemas,
  type LiveEvent,
  type LiveEventName,
} from './schemas/live.ts';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'signed-out';

type AnyLiveEvent = LiveEvent<LiveEventName>;
type Handler = (event: AnyLiveEvent) => void;

interface Room {
  users: number;
  /** Called once the room is joined, and again after a reconnect that lost the session. */
  readonly onJoined: Set<() => void>;
}

const eventNames = Object.keys(liveEventSchemas) as LiveEventName[];

/**
 * The browser's one Socket.IO connection (same origin, authenticated by the httpOnly session
 * cookie). Pages subscribe to rooms and events while they are shown; after a reconnect that
 * Socket.IO could not recover, rooms are joined again and `since` asks for what was missed.
 */
export class LiveConnection {
  status: LiveStatus = $state('connecting');
  #socket: Socket | null = null;
  // Bookkeeping, never rendered: plain collections on purpose.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #rooms = new Map<string, Room>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #handlers = new Map<LiveEventName, Set<Handler>>();
  #lastCommit: bigint | null = null;

  start(): void {
    if (this.#socket !== null) return;
    const socket = io({
      path: '/socket.io',
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
    });
    this.#socket = socket;
    socket.on('connect', () => {
      this.status = 'live';
      if (!socket.recovered) this.#rejoinAll();
    });
    socket.on('disconnect', () => {
      this.status = socket.active ? 'reconnecting' : 'offline';
    });
    socket.on('connect_error', (error) => {
      // A refused handshake is not retried by Socket.IO: the session is gone.
      if (socket.active) this.status = 'reconnecting';
      else this.status = error.message === 'unauthorized' ? 'signed-out' : 'offline';
    });
    for (const name of eventNames) {
      socket.on(name, (payload: unknown) => {
        this.#dispatch(name, payload);
      });
    }
  }

  close(): void {
    this.#socket?.close();
    this.#socket = null;
    this.status = 'offline';
  }

  /** Joins `room` until the returned function is called (rooms are shared by count). */
  subscribe(room: string, onJoined?: () => void): () => void {
    let entry = this.#rooms.get(room);
    if (entry === undefined) {
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
      entry = { users: 0, onJoined: new Set() };
      this.#rooms.set(room, entry);
      if (this.#socket?.connected === true) this.#join(room);
    } else if (onJoined !== undefined && this.#socket?.connected === true) {
      // Already joined for someone else: this subscriber is in from now on.
      queueMicrotask(onJoined);
    }
    entry.users++;
    if (onJoined !== undefined) entry.onJoined.add(onJoined);
    const joined = entry;
    return () => {
      if (onJoined !== undefined) joined.onJoined.delete(onJoined);
      joined.users--;
      if (joined.users > 0) return;
      this.#rooms.delete(room);
      this.#socket?.emit('leave', { room });
    };
  }

  /** Calls `handler` with every valid `name` event until the returned function is called. */
  on<E extends LiveEventName>(name: E, handler: (event: LiveEvent<E>) => void): () => void {
    let handlers = this.#handlers.get(name);
    if (handlers === undefined) {
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
      handlers = new Set();
      this.#handlers.set(name, handlers);
    }
    // Sound: #dispatch calls the handlers of `name` only with events checked by name's schema.
    const stored = handler as Handler;
    handlers.add(stored);
    const registered = handlers;
    return () => {
      registered.delete(stored);
    };
  }

  #join(room: string): void {
    this.#socket?.emit('join', { room }, (answer: unknown) => {
      const ack = joinAckSchema.safeParse(answer);
      if (!ack.success || !ack.data.ok) {
        console.warn(`live updates: could not join ${room}`, ack.success ? ack.data : answer);
        return;
      }
      for (const callback of this.#rooms.get(room)?.onJoined ?? []) callback();
    });
  }

  #rejoinAll(): void {
    for (const room of this.#rooms.keys()) this.#join(room);
    if (this.#lastCommit !== null) {
      this.#socket?.emit('since', { position: this.#lastCommit.toString() });
    }
  }

  #dispatch(name: LiveEventName, payload: unknown): void {
    const parsed = liveEventSchemas[name].safeParse(payload);
    if (!parsed.success) {
      console.warn(`live updates: ignored a malformed ${name} event`);
      return;
    }
    const event: AnyLiveEvent = parsed.data;
    // Snapshots read on a clock (health) have no position: nothing to ask `since` for.
    const commit = 'position' in event ? commitOf(event.position) : null;
    if (commit !== null && (this.#lastCommit === null || commit > this.#lastCommit)) {
      this.#lastCommit = commit;
    }
    for (const handler of this.#handlers.get(name) ?? []) handler(event);
  }
}

export const [getLive, setLive] = createContext<LiveConnection>();
