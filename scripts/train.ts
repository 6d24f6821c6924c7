import { join } from 'node:path';
import { z } from 'zod';
import { nextVersion, saveArtefact } from '../processes/fraud/artefact.ts';
import { printFigures } from './train/fraud-print.ts';
import { trainFraud } from './train/fraud.ts';
import { parseTrainArgs } from './train/options.ts';

// npm run train -- fraud [--orders 50000 --days 90 --seed 1 --steps 1000] [--data-dir ./data]
// Trains on a seeded history made in memory (the seed tool's labelled fraud patterns), judges the
// model on the last part of that history, and writes DATA_DIR/models/fraud/<version>.json.

let parsed;
try {
  parsed = parseTrainArgs(process.argv.slice(2), process.env);
} catch (error) {
  const message = error instanceof z.ZodError ? z.prettifyError(error) : String(error);
  console.error(
    `usage: npm run train -- fraud [--orders N --days D --seed S --steps K]\n${message}`,
  );
  process.exit(2);
}
const { options, dataDir } = parsed;
const dir = join(dataDir, 'models', 'fraud');
console.log(
  `training fraud on ${String(options.orders)} seeded orders over ${String(options.days)} days (seed ${String(options.seed)})`,
);
const trained = trainFraud(options);
const version = await nextVersion(dir);
const path = await saveArtefact(dir, { ...trained, version });
console.log(`held-out last 15 % of the history, threshold ${String(trained.threshold)}:`);
printFigures(trained.evaluation);
console.log(`wrote ${path}`);
