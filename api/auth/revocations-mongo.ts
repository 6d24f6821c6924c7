import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient, MongoServerError, type Collection } from 'mongodb';
import { z } from 'zod';
import type { Logger } from '../../infra/logger.ts';
import { createRevokedSet, type Revocations } from './revocations.ts';

interface RevokedDoc {
  _id: string;
  expiresAt: Date;
  revokedAt: Date;
}

// Written by other processes (or anyone with access to the database): checked on the way in.
const revokedDocSchema = z.object({
  _id: z.string().min(1),
  expiresAt: z.date(),
  revokedAt: z.date(),
});

const indexOptionsConflict = 85;
const notImplemented = 238;

export interface MongoRevocationsOptions {
  readonly url: string;
  readonly database: string;
  readonly collection?: string;
  /** How often the mirror reads what other processes revoked. */
  readonly pollIntervalMs?: number;
  /**
   * How far before the newest `revokedAt` already seen each poll reads again: a revocation whose
   * server time is earlier may become visible after a later one did (two writers in flight).
   */
  readonly overlapMs?: number;
  /** How often this process deletes expired revocations (FerretDB v1 has no TTL indexes). */
  readonly sweepIntervalMs?: number;
  readonly logger: Logger;
}

const ensureIndexes = async (rows: Collection<RevokedDoc>): Promise<void> => {
  await rows.createIndex({ revokedAt: 1 }, { name: 'revokedAt' }, undefined);
  try {
    await rows.createIndex(
      { expiresAt: 1 },
      { name: 'expiresAt_ttl', expireAfterSeconds: 0 },
      undefined,
    );
  } catch (error) {
    // An index of that name made otherwise by hand, or a server without TTL indexes (FerretDB v1):
    // the sweep below deletes expired revocations all the same.
    const tolerated = [indexOptionsConflict, notImplemented];
    if (!(error instanceof MongoServerError && tolerated.includes(Number(error.code)))) throw error;
  }
};

/**
 * Revocations shared by every api process through MongoDB's `revoked_tokens` collection (a TTL
 * index on `expiresAt` empties it, and each process deletes expired ones every `sweepIntervalMs`
 * too, for FerretDB v1 which has no TTL indexes), checked against a local mirror: a request never
 * waits on the database. The process that records a revocation puts it in its mirror at once; the others read
 * new ones every `pollIntervalMs` (by `revokedAt`, the server's clock), so they refuse the token
 * about a second later.
 */
export const connectMongoRevocations = async (
  options: MongoRevocationsOptions,
): Promise<Revocations> => {
  const client = new MongoClient(options.url);
  await client.connect();
  const rows = client
    .db(options.database)
    .collection<RevokedDoc>(options.collection ?? 'revoked_tokens');
  const mirror = createRevokedSet();
  const overlapMs = options.overlapMs ?? 5_000;
  let newest: Date | undefined;

  const poll = async () => {
    const filter =
      newest === undefined
        ? { expiresAt: { $gt: new Date() } }
        : { revokedAt: { $gte: new Date(newest.getTime() - overlapMs) } };
    for (const raw of await rows.find(filter).toArray()) {
      const doc = revokedDocSchema.safeParse(raw);
      if (!doc.success) {
        options.logger.warn({ id: raw._id }, 'a revoked_tokens document of an unknown shape');
        continue;
      }
      mirror.put(doc.data._id, doc.data.expiresAt.getTime());
      if (newest === undefined || doc.data.revokedAt > newest) newest = doc.data.revokedAt;
    }
  };

  try {
    await ensureIndexes(rows);
    await poll();
  } catch (error) {
    await client.close();
    throw error;
  }
  const sweepIntervalMs = options.sweepIntervalMs ?? 60_000;
  let sweptAt = Date.now();
  const sweep = async () => {
    if (Date.now() - sweptAt < sweepIntervalMs) return;
    sweptAt = Date.now();
    await rows.deleteMany({ expiresAt: { $lte: new Date() } });
  };

  const stopping = new AbortController();
  const stopped = () => stopping.signal.aborted;
  const polling = (async () => {
    const interval = options.pollIntervalMs ?? 1_000;
    while (!stopped()) {
      await sleep(interval, undefined, { signal: stopping.signal }).catch(() => undefined);
      if (stopped()) break;
      // The mirror keeps serving what it has while the database is away; the next poll catches up.
      await poll()
        .then(sweep)
        .catch((error: unknown) => {
          options.logger.warn({ err: error }, 'could not read revoked tokens; retrying');
        });
    }
  })();

  return {
    has: (key) => mirror.has(key),
    async add(key, expiresAtMs) {
      mirror.put(key, expiresAtMs);
      await rows.updateOne(
        { _id: key },
        { $set: { expiresAt: new Date(expiresAtMs) }, $currentDate: { revokedAt: true } },
        { upsert: true },
      );
    },
    async close() {
      stopping.abort();
      await polling;
      await client.close();
    },
  };
};
