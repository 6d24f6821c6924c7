/**
 * Tokens signed out before they expire. The verifier asks `has` on every request, so it answers
 * from memory; `add` resolves once the revocation is recorded where every api process reads it.
 */
export interface Revocations {
  has(key: string): boolean;
  /** Refuses the token with this key until `expiresAtMs` (ms since the epoch). */
  add(key: string, expiresAtMs: number): Promise<void>;
  close(): Promise<void>;
}

/** The in-memory set a process checks: every implementation keeps one (the Mongo one mirrors). */
export interface RevokedSet {
  has(key: string): boolean;
  put(key: string, expiresAtMs: number): void;
  readonly size: number;
}

/** Keys until their expiry; expired ones are dropped as they are met and in a sweep on put. */
export const createRevokedSet = ({ now = Date.now, sweepEvery = 1_000 } = {}): RevokedSet => {
  const until = new Map<string, number>();
  let puts = 0;
  const sweep = (at: number) => {
    for (const [key, expiresAtMs] of until) if (expiresAtMs <= at) until.delete(key);
  };
  return {
    has(key) {
      const expiresAtMs = until.get(key);
      if (expiresAtMs === undefined) return false;
      if (expiresAtMs > now()) return true;
      until.delete(key);
      return false;
    },
    put(key, expiresAtMs) {
      const at = now();
      if (expiresAtMs <= at) return;
      until.set(key, Math.max(expiresAtMs, until.get(key) ?? 0));
      // Tokens nobody presents again would otherwise stay until the process ends.
      puts += 1;
      if (puts % sweepEvery === 0) sweep(at);
    },
    get size() {
      return until.size;
    },
  };
};

/** Revocations held by this process only: embedded mode, or any run without MONGODB_URL. */
export const createMemoryRevocations = (options: { now?: () => number } = {}): Revocations => {
  const revoked = createRevokedSet(options);
  return {
    has: (key) => revoked.has(key),
    add(key, expiresAtMs) {
      revoked.put(key, expiresAtMs);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
};
