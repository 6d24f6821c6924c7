import { parseArgs } from 'node:util';
import { z } from 'zod';
import { configSchema } from '../../infra/config.ts';

const count = z.coerce.number().int().positive();

/** `npm run seed -- --orders 1000000 --days 365 --seed 42 [--fraud] [--no-carts] [--data-dir ./data]`. */
export const seedOptionsSchema = z.object({
  orders: count.default(10_000),
  days: count.max(3_650).default(365),
  seed: z.coerce.number().int().nonnegative().default(42),
  fraud: z.boolean().default(false),
  /** Customers' carts (about 2.9 cart events an order); `--no-carts` leaves them out. */
  carts: z.boolean().default(true),
  products: count.max(100_000).default(1_000),
  /** The period ends here (default: now); fixing it makes two runs write the same history. */
  end: z.iso.datetime({ offset: true }).optional(),
  chunk: count.default(20_000),
  concurrency: count.default(512),
  'log-order': z.enum(['causal', 'grouped']).default('causal'),
});
export type SeedOptions = z.infer<typeof seedOptionsSchema>;

/** Where to write, as `npm start` decides it: EVENTSTORE_CONNECTION_STRING, else embedded. */
const targetSchema = configSchema.pick({ DATA_DIR: true, EVENTSTORE_CONNECTION_STRING: true });

export const parseSeedArgs = (argv: readonly string[], env: NodeJS.ProcessEnv) => {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      orders: { type: 'string' },
      days: { type: 'string' },
      seed: { type: 'string' },
      fraud: { type: 'boolean' },
      carts: { type: 'boolean' },
      products: { type: 'string' },
      end: { type: 'string' },
      chunk: { type: 'string' },
      concurrency: { type: 'string' },
      'log-order': { type: 'string' },
      'data-dir': { type: 'string' },
      'connection-string': { type: 'string' },
    },
    strict: true,
    allowNegative: true,
  });
  const { 'data-dir': dataDir, 'connection-string': connection, ...rest } = values;
  const options = seedOptionsSchema.parse(rest);
  const target = targetSchema.parse({
    ...env,
    ...(dataDir === undefined ? {} : { DATA_DIR: dataDir }),
    ...(connection === undefined ? {} : { EVENTSTORE_CONNECTION_STRING: connection }),
  });
  return { options, target };
};
