import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

const figuresSchema = z.object({
  orders: z.number().int().nonnegative(),
  fraud: z.number().int().nonnegative(),
  flagged: z.number().int().nonnegative(),
  precision: z.number().min(0).max(1),
  recall: z.number().min(0).max(1),
  falsePositiveRate: z.number().min(0).max(1),
});
export type EvaluationFigures = z.infer<typeof figuresSchema>;

const finite = z.number().refine(Number.isFinite, 'a finite number');

export const fraudArtefactSchema = z
  .object({
    version: z.string().regex(/^fraud-logreg-v\d+$/),
    kind: z.literal('logistic-regression'),
    trainedAt: z.iso.datetime({ offset: true }),
    features: z.array(z.string().min(1)).min(1),
    standardization: z.object({ mean: z.array(finite), std: z.array(finite.positive()) }),
    parameters: z.object({ intercept: finite, weights: z.array(finite) }),
    /** Scores at or above it are held for review. */
    threshold: z.number().int().min(0).max(100),
    training: z.object({
      library: z.string(),
      orders: z.number().int().positive(),
      days: z.number().int().positive(),
      seed: z.number().int(),
      rows: z.number().int().positive(),
      fraudRows: z.number().int().positive(),
      steps: z.number().int().positive(),
    }),
    /** On the held-out last part of the training history (a time split). */
    evaluation: figuresSchema,
  })
  .refine(
    (artefact) =>
      [
        artefact.standardization.mean,
        artefact.standardization.std,
        artefact.parameters.weights,
      ].every((list) => list.length === artefact.features.length),
    'one mean, std and weight per feature',
  );
export type FraudArtefact = z.infer<typeof fraudArtefactSchema>;

const versionOf = (file: string): number | undefined => {
  const match = /^fraud-logreg-v(\d+)\.json$/.exec(file);
  return match?.[1] === undefined ? undefined : Number(match[1]);
};

const versionsIn = async (dir: string): Promise<number[]> => {
  const files = await readdir(dir).catch((error: unknown) => {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return [];
    throw error;
  });
  return files.flatMap((file) => versionOf(file) ?? []).sort((a, b) => a - b);
};

/** The next version's name in `dir`: one past the newest artefact there. */
export const nextVersion = async (dir: string): Promise<string> =>
  `fraud-logreg-v${String(((await versionsIn(dir)).at(-1) ?? 0) + 1)}`;

/** Writes the artefact as `<version>.json`, whole or not at all (a rename after the write). */
export const saveArtefact = async (dir: string, artefact: FraudArtefact): Promise<string> => {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${artefact.version}.json`);
  await writeFile(`${path}.tmp`, `${JSON.stringify(artefact, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
  return path;
};

export class CorruptArtefact extends Error {
  constructor(path: string, reason: string) {
    super(`fraud model ${path} cannot be used: ${reason}`);
    this.name = 'CorruptArtefact';
  }
}

/**
 * The newest artefact in `dir`, checked; undefined when there is none. A newest one that does not
 * parse is refused rather than skipped: scoring with an older model than the operator trained
 * would go unnoticed.
 */
export const loadNewestArtefact = async (dir: string): Promise<FraudArtefact | undefined> => {
  const newest = (await versionsIn(dir)).at(-1);
  if (newest === undefined) return undefined;
  const path = join(dir, `fraud-logreg-v${String(newest)}.json`);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new CorruptArtefact(path, error instanceof Error ? error.message : String(error));
  }
  const parsed = fraudArtefactSchema.safeParse(json);
  if (!parsed.success) throw new CorruptArtefact(path, z.prettifyError(parsed.error));
  if (parsed.data.version !== `fraud-logreg-v${String(newest)}`) {
    throw new CorruptArtefact(path, `it says it is ${parsed.data.version}`);
  }
  return parsed.data;
};
