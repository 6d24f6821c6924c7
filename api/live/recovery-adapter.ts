import {
  Adapter,
  type BroadcastOptions,
  type PrivateSessionId,
  type Room,
  type Session,
} from 'socket.io-adapter';

type Persisted = Omit<Session, 'missedPackets'>;

interface Kept {
  readonly offset: number;
  readonly opts: BroadcastOptions;
  readonly data: unknown[];
  readonly emittedAt: number;
}

/** Socket.IO's event packet type (socket.io-parser's PacketType.EVENT). */
const eventPacket = 2;

export interface RecoveryLimits {
  /** How long a disconnected client's session, and the packets it may have missed, are kept. */
  readonly windowMs: number;
  /** Packets kept at most, whatever their age: what bounds the memory under load. */
  readonly maxPackets: number;
}

/**
 * Socket.IO's in-memory adapter with connection state recovery, bounded: Socket.IO's own
 * (SessionAwareAdapter) keeps every broadcast packet for the whole window and prunes once a
 * minute, which at a few thousand changes a second holds gigabytes. This one prunes as it
 * stores, by age and by count; a client whose offset has been pruned is not recovered (it joins
 * again and asks `since`).
 */
export const boundedRecoveryAdapter = (limits: RecoveryLimits) =>
  class BoundedRecoveryAdapter extends Adapter {
    readonly #sessions = new Map<PrivateSessionId, Persisted & { disconnectedAt: number }>();
    #packets: Kept[] = [];
    #first = 0;
    #nextOffset = 1;

    override persistSession(session: Persisted): void {
      this.#pruneSessions(Date.now());
      this.#sessions.set(session.pid, { ...session, disconnectedAt: Date.now() });
    }

    override restoreSession(pid: PrivateSessionId, offset: string): Promise<Session> {
      const now = Date.now();
      this.#prune(now);
      const session = this.#sessions.get(pid);
      this.#sessions.delete(pid);
      const from = this.#indexAfter(Number(offset));
      // Socket.IO treats a failed restore as "start afresh".
      if (session === undefined || session.disconnectedAt + limits.windowMs < now)
        return Promise.reject(new Error('no session to recover'));
      if (from === undefined) return Promise.reject(new Error('the missed packets are gone'));
      const { disconnectedAt: _, ...persisted } = session;
      const missedPackets = this.#packets
        .slice(from)
        .filter((kept) => reaches(kept.opts, persisted.rooms))
        .map((kept) => kept.data);
      return Promise.resolve({ ...persisted, missedPackets });
    }

    override broadcast(
      packet: { type: number; id?: number; data: unknown[] },
      opts: BroadcastOptions,
    ): void {
      // As Socket.IO's own: acknowledged and volatile packets are not kept for recovery.
      if (packet.type === eventPacket && packet.id === undefined && !opts.flags?.volatile) {
        const offset = this.#nextOffset++;
        packet.data.push(String(offset));
        this.#packets.push({ offset, opts, data: packet.data, emittedAt: Date.now() });
        this.#prune(Date.now());
      }
      super.broadcast(packet, opts);
    }

    /** Where the packets after `offset` start; undefined when some of them are gone. */
    #indexAfter(offset: number): number | undefined {
      const last = this.#nextOffset - 1;
      if (!Number.isInteger(offset) || offset > last) return undefined;
      // Kept offsets are consecutive, up to the last one given.
      const firstKept = last - (this.#packets.length - this.#first) + 1;
      if (offset < firstKept - 1) return undefined;
      return this.#first + (offset - firstKept + 1);
    }

    #prune(now: number): void {
      const oldest = now - limits.windowMs;
      while (this.#first < this.#packets.length) {
        const kept = this.#packets[this.#first];
        const tooMany = this.#packets.length - this.#first > limits.maxPackets;
        if (kept === undefined || (!tooMany && kept.emittedAt >= oldest)) break;
        this.#first++;
      }
      if (this.#first > 1024 && this.#first * 2 > this.#packets.length) {
        this.#packets = this.#packets.slice(this.#first);
        this.#first = 0;
      }
    }

    #pruneSessions(now: number): void {
      for (const [pid, session] of this.#sessions)
        if (session.disconnectedAt + limits.windowMs < now) this.#sessions.delete(pid);
    }
  };

const reaches = (opts: BroadcastOptions, rooms: readonly Room[]): boolean =>
  (opts.rooms.size === 0 || rooms.some((room) => opts.rooms.has(room))) &&
  rooms.every((room) => !opts.except?.has(room));
