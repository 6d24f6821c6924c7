import type { Response } from 'express';
import { MongoClient } from 'mongodb';
import {
  RateLimiterMemory,
  RateLimiterMongo,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Logger } from '../../infra/logger.ts';
import { HttpProblem } from './problem.ts';

/** How many actions one key may take per window. */
export interface RatePolicy {
  /** 0 turns the limit off. */
  readonly points: number;
  readonly windowSeconds: number;
  /** Says what was limited, for the 429's detail ("orders"). */
  readonly what: string;
}

/** Takes one point for a key, or refuses with 429; both answers carry the RateLimit headers. */
export interface RateLimiter {
  take(key: string, res: Response): Promise<void>;
  close(): Promise<void>;
}

const secondsUntil = (result: RateLimiterRes) => Math.max(1, Math.ceil(result.msBeforeNext / 1000));

// The IETF RateLimit fields (draft 7's combined field and the older three), so both kinds of
// client read them.
const describe = (res: Response, policy: RatePolicy, result: RateLimiterRes) => {
  const reset = secondsUntil(result);
  res.set('RateLimit-Policy', `${policy.points};w=${policy.windowSeconds}`);
  res.set(
    'RateLimit',
    `limit=${policy.points}, remaining=${result.remainingPoints}, reset=${reset}`,
  );
  res.set('RateLimit-Limit', String(policy.points));
  res.set('RateLimit-Remaining', String(result.remainingPoints));
  res.set('RateLimit-Reset', String(reset));
};

const limiterOf = (policy: RatePolicy, limiter: RateLimiterAbstract): RateLimiter => ({
  async take(key, res) {
    let result: RateLimiterRes;
    try {
      result = await limiter.consume(key);
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      describe(res, policy, refusal);
      res.set('Retry-After', String(secondsUntil(refusal)));
      throw new HttpProblem(
        429,
        'rate_limited',
        'Too many requests',
        `at most ${policy.points} ${policy.what} in ${policy.windowSeconds} s; try again in ${secondsUntil(refusal)} s`,
      );
    }
    describe(res, policy, result);
  },
  close: () => Promise.resolve(),
});

const unlimited: RateLimiter = { take: () => Promise.resolve(), close: () => Promise.resolve() };

/** Counters in this process: right for one api process (embedded mode). */
export const memoryRateLimiter = (policy: RatePolicy): RateLimiter =>
  policy.points === 0
    ? unlimited
    : limiterOf(
        policy,
        new RateLimiterMemory({ points: policy.points, duration: policy.windowSeconds }),
      );

/**
 * Counters in MongoDB, so several api processes share one limit. Should MongoDB stop answering,
 * each process goes on counting in memory (the library's insurance limiter) rather than refuse
 * every order or let every one through.
 */
export const mongoRateLimiter = async (
  policy: RatePolicy,
  mongo: { url: string; database: string; collection: string },
  logger: Logger,
): Promise<RateLimiter> => {
  if (policy.points === 0) return unlimited;
  const client = new MongoClient(mongo.url);
  await client.connect();
  const counters = client.db(mongo.database).collection(mongo.collection);
  // The library would make these indexes itself and print to the console if one fails.
  await counters.createIndex({ key: 1 }, { unique: true }, undefined);
  await counters
    .createIndex({ expire: -1 }, { expireAfterSeconds: 0 }, undefined)
    .catch((error: unknown) => {
      // FerretDB on SQLite has no TTL indexes: an expired counter then stays until its key is
      // used again (and is reset then), which costs space, not correctness.
      logger.warn(
        { err: error },
        'no TTL index for rate-limit counters: expired ones are not purged',
      );
    });
  const limiter = new RateLimiterMongo({
    storeClient: client,
    dbName: mongo.database,
    tableName: mongo.collection,
    disableIndexesCreation: true,
    points: policy.points,
    duration: policy.windowSeconds,
    insuranceLimiter: new RateLimiterMemory({
      points: policy.points,
      duration: policy.windowSeconds,
    }),
  });
  return { ...limiterOf(policy, limiter), close: () => client.close() };
};
