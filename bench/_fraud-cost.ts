import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFraudFeatureFold, loadFraudScorer } from '../processes/fraud/index.ts';
import { featuresObserver, riskAssessor } from '../processes/fulfilment/risk.ts';
import { createMetrics } from '../infra/metrics.ts';
import type { RecordedDomainEvent } from '../infra/eventstore/recorded.ts';
import type { WorkflowEvent } from '../processes/fulfilment/inputs.ts';
import { seededLog } from '../scripts/train/fraud-data.ts';
import { trainFraud } from '../scripts/train/fraud.ts';
import { saveArtefact } from '../processes/fraud/artefact.ts';

/**
 * What fraud scoring adds to each order in the processes role, measured on the code it runs: the
 * features folded from every event of a seeded log (as the workflow fold hands them over) and
 * each order assessed (scored, held or not, counted), with the rules and with a trained model.
 */
export const fraudScoringCost = async (
  orders = 20_000,
): Promise<{ rules: number; model: number }> => {
  const log = seededLog({ orders, days: 90, seed: 3 });
  const dir = await mkdtemp(join(tmpdir(), 'order-ledger-fraud-cost-'));
  try {
    const rules = await loadFraudScorer(dir);
    const trained = trainFraud({ orders: 10_000, days: 90, seed: 1, steps: 500 });
    await saveArtefact(dir, { ...trained, version: 'fraud-logreg-cost' });
    const model = await loadFraudScorer(dir);
    const cost = (scorer: typeof rules): number => {
      const fold = createFraudFeatureFold();
      const observe = featuresObserver(fold);
      const assess = riskAssessor(
        fold,
        scorer,
        scorer.threshold,
        createMetrics({ defaultMetrics: false }),
      );
      const started = process.cpuUsage();
      for (const event of log.events) {
        const recorded = {
          event: { type: event.type, data: event.data },
          metadata: { occurredAt: event.occurredAt },
        } as unknown as RecordedDomainEvent<WorkflowEvent>;
        observe(recorded, event.placed ?? '');
        if (event.placed !== undefined) assess(event.placed);
      }
      const used = process.cpuUsage(started);
      return (used.user + used.system) / orders;
    };
    return { rules: cost(rules), model: cost(model) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
