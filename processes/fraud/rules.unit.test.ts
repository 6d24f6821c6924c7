import { describe, expect, it } from 'vitest';
import { createFraudFeatureFold } from './features.ts';
import { rulesScorer, rulesThreshold } from './rules.ts';
import { placed } from './testing/events.ts';

// A shop's ordinary day: ten customers each ordering 50 EUR of one item around noon.
const ordinaryDay = Array.from({ length: 10 }, (_, index) =>
  placed(`usual-${String(index)}`, `regular-${String(index)}`, index * 5),
);

const scoreAfter = (events: ReturnType<typeof placed>[], orderId: string) => {
  const fold = createFraudFeatureFold();
  for (const event of [...ordinaryDay, ...events]) fold.apply(event);
  const features = fold.featuresOf(orderId);
  if (features === undefined) throw new Error(`no features for ${orderId}`);
  return rulesScorer.score(features);
};

describe('the rules fallback (rules-v1)', () => {
  it('lets an ordinary order through with a score of 0 and no factors', () => {
    const score = scoreAfter([placed('o-1', 'regular-3', 120)], 'o-1');
    expect(score).toEqual({ score: 0, modelVersion: 'rules-v1', factors: [] });
  });

  it('holds the fourth order of a burst, naming the velocity first', () => {
    const burst = [0, 1, 2, 3].map((minute) =>
      placed(`b-${String(minute)}`, 'mallory', 120 + minute, { euros: 60 }),
    );
    const score = scoreAfter(burst, 'b-3');
    expect(score.score).toBe(45 + 10);
    expect(score.score).toBeGreaterThanOrEqual(rulesThreshold);
    expect(score.factors[0]).toEqual({
      feature: 'ordersLastHour',
      label: '3 orders in the last hour',
      contribution: 45,
    });
  });

  it('adds up a new account spending twelve times the usual and a spike of one item', () => {
    const score = scoreAfter(
      [placed('o-1', 'newcomer', 120, { euros: 600, quantities: [20] })],
      'o-1',
    );
    expect(score.score).toBe(35 + 40 + 15);
    expect(score.factors.map((factor) => factor.feature)).toEqual([
      'maxLineQuantity',
      'valueAgainstAge',
      'valueToUsual',
    ]);
    expect(score.factors[0]?.label).toBe('20 of one item');
  });

  it('never scores above 100', () => {
    const features = {
      ordersLastHour: 9,
      ordersLastDay: 9,
      valueToUsual: 4,
      valueAgainstAge: 12,
      declinesLastDay: 3,
      hourRarity: 3,
      rareHourValue: 12,
      maxLineQuantity: 30,
    };
    expect(rulesScorer.score(features).score).toBe(100);
    expect(rulesScorer.score(features).factors).toHaveLength(3);
  });
});
