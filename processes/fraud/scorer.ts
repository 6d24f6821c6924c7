import { loadNewestArtefact } from './artefact.ts';
import { logisticScorer } from './model.ts';
import type { FraudScorer } from './risk-score.ts';
import { rulesScorer } from './rules.ts';

export type { FraudScorer, RiskFactor, RiskScore } from './risk-score.ts';

/**
 * The newest trained artefact under `dir` (DATA_DIR/models/fraud), else the rules. Rejects with
 * CorruptArtefact when the newest artefact does not parse.
 */
export const loadFraudScorer = async (dir: string): Promise<FraudScorer> => {
  const artefact = await loadNewestArtefact(dir);
  return artefact === undefined ? rulesScorer : logisticScorer(artefact);
};
