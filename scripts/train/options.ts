import { parseArgs } from 'node:util';
import { z } from 'zod';
import { configSchema } from '../../infra/config.ts';

const count = z.coerce.number().int().positive();

/** `npm run train -- fraud [--orders N --days D --seed S --steps K]`. */
export const trainOptionsSchema = z.object({
  model: z.literal('fraud', { error: 'the model to train: fraud' }),
  orders: count.default(50_000),
  days: count.max(3_650).default(90),
  seed: z.coerce.number().int().nonnegative().default(1),
  steps: count.max(100_000).default(2_000),
});
export type TrainOptions = z.infer<typeof trainOptionsSchema>;

/** The options and DATA_DIR (from the environment as `npm start` reads it, or --data-dir). */
export const parseTrainArgs = (argv: readonly string[], env: NodeJS.ProcessEnv) => {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      orders: { type: 'string' },
      days: { type: 'string' },
      seed: { type: 'string' },
      steps: { type: 'string' },
      'data-dir': { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const { 'data-dir': dataDir, ...rest } = values;
  const options = trainOptionsSchema.parse({ ...rest, model: positionals[0] });
  const { DATA_DIR } = configSchema
    .pick({ DATA_DIR: true })
    .parse(dataDir === undefined ? env : { ...env, DATA_DIR: dataDir });
  return { options, dataDir: DATA_DIR };
};
