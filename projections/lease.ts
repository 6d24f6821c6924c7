import { z } from 'zod';
import type { ReadModelStore } from '../infra/readmodels/store.ts';
import { checkpointsCollection } from './checkpoints.ts';

const leaseDocSchema = z.object({ _id: z.string(), owner: z.string(), expiresAt: z.number() });

export interface Lease {
  /** Takes the lease when it is free or expired, renews it when held; false when another holds it. */
  acquire(): Promise<boolean>;
  /** Lets it go at once (a clean stop), so a standby need not wait for it to expire. */
  release(): Promise<void>;
}

/**
 * One runner of the projections at a time across processes: a lease document with an expiry in
 * projection_checkpoints, taken and renewed with compare-and-set. (Two writers would not corrupt
 * anything, since every write is guarded by position, but would race over rebuilds and switches.)
 */
export const projectionsLease = (
  store: ReadModelStore,
  owner: string,
  options: { ttlMs: number; now: () => number },
): Lease => {
  const leases = store.collection(checkpointsCollection, leaseDocSchema);
  const id = 'lease:projections';
  const held = () => ({ _id: id, owner, expiresAt: options.now() + options.ttlMs });
  return {
    async acquire() {
      if (await leases.putIf(held(), { owner })) return true;
      return leases.putIf(held(), { expiresAt: { $lt: options.now() } });
    },
    async release() {
      await leases.putIf({ _id: id, owner, expiresAt: 0 }, { owner });
    },
  };
};
