import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CorruptArtefact, loadNewestArtefact, nextVersion, saveArtefact } from './artefact.ts';
import type { FraudArtefact } from './artefact.ts';
import { loadFraudScorer } from './scorer.ts';

const freshDir = () => mkdtemp(join(tmpdir(), 'fraud-models-'));

/** A model on two features: many orders in the last hour, and a big order. */
const artefact = (version: string): FraudArtefact => ({
  version,
  kind: 'logistic-regression',
  trainedAt: '2026-12-07T12:00:00.000Z',
  features: ['ordersLastHour', 'valueToShop'],
  standardization: { mean: [0.5, 0], std: [1, 2] },
  parameters: { intercept: -2, weights: [1.5, 1] },
  threshold: 60,
  training: {
    library: 'ml-logistic-regression@2.0.0',
    orders: 1000,
    days: 30,
    seed: 1,
    rows: 200,
    fraudRows: 20,
    steps: 100,
  },
  evaluation: {
    orders: 150,
    fraud: 3,
    flagged: 4,
    precision: 0.75,
    recall: 1,
    falsePositiveRate: 1 / 147,
  },
});

describe('fraud model artefacts', () => {
  it('with none trained, the scorer is the rules', async () => {
    const scorer = await loadFraudScorer(join(await freshDir(), 'missing'));
    expect(scorer.modelVersion).toBe('rules-v1');
  });

  it('saved as the next version, the newest loads back as it was and scores with its weights', async () => {
    const dir = await freshDir();
    expect(await nextVersion(dir)).toBe('fraud-logreg-v1');
    await saveArtefact(dir, artefact('fraud-logreg-v1'));
    expect(await nextVersion(dir)).toBe('fraud-logreg-v2');
    await saveArtefact(dir, artefact('fraud-logreg-v2'));
    expect(await loadNewestArtefact(dir)).toEqual(artefact('fraud-logreg-v2'));

    const scorer = await loadFraudScorer(dir);
    expect(scorer).toMatchObject({ modelVersion: 'fraud-logreg-v2', threshold: 60 });
    // logit = -2 + 1.5 × (4.5 - 0.5) / 1 + 1 × (2 - 0) / 2 = 5; 100 / (1 + e^-5) ≈ 99.3
    const score = scorer.score({ ordersLastHour: 4.5, valueToShop: 2 });
    expect(score.score).toBe(99);
    expect(score.factors).toEqual([
      { feature: 'ordersLastHour', label: '4.5 orders in the last hour', contribution: 6 },
      { feature: 'valueToShop', label: "order worth 4.0× the shop's average", contribution: 1 },
    ]);
  });

  it('refuses a newest artefact that is cut short, or whose weights do not match its features', async () => {
    const dir = await freshDir();
    await saveArtefact(dir, artefact('fraud-logreg-v1'));
    const path = join(dir, 'fraud-logreg-v2.json');
    const whole = JSON.stringify(artefact('fraud-logreg-v2'));
    await writeFile(path, whole.slice(0, whole.length / 2));
    await expect(loadFraudScorer(dir)).rejects.toThrow(CorruptArtefact);

    const mismatched = {
      ...artefact('fraud-logreg-v2'),
      parameters: { intercept: 0, weights: [1] },
    };
    await writeFile(path, JSON.stringify(mismatched));
    await expect(loadFraudScorer(dir)).rejects.toThrow(/one mean, std and weight per feature/);
    expect(JSON.parse(await readFile(join(dir, 'fraud-logreg-v1.json'), 'utf8'))).toEqual(
      artefact('fraud-logreg-v1'),
    );
  });
});
