import type { OrderPlaced } from '../../domain/order/events.ts';
import { memorySource } from '../../api/recommendations/memory-source.ts';
import { personalizedFor, recommendFor } from '../../api/recommendations/recommend.ts';
import type { RecommendationSource } from '../../api/recommendations/source.ts';
import { foldInto } from '../../projections/fold.ts';
import type { ProjectedEvent } from '../../projections/projection.ts';
import {
  customerDocId,
  recommendations,
  type RecommendationsDoc,
} from '../../projections/recommendations/index.ts';
import { seedHistory } from '../../scripts/seed/history.ts';
import type { Figure } from '../_report.ts';

// `npm run bench -- intelligence --only recommendations [--orders 50000] [--days 90] [--seed 4]`: folds the
// first 80 % (in business time) of a seeded history's orders with the recommendations projection's
// own evolve, in memory, then asks the API's ranking about each later order, against the most
// popular skus asked the same way.

const top = 5;
const trainShare = 0.8;

type Placed = { readonly recorded: ProjectedEvent; readonly placed: OrderPlaced };

/** The seeded history's placed orders as a catch-up subscription hands them over. */
const placedOrders = (options: { orders: number; days: number; seed: number }): Placed[] => {
  const end = Date.parse('2026-11-30T23:00:00Z');
  const placed: Placed[] = [];
  let position = 0;
  for (const seeded of seedHistory({ ...options, fraud: true, end })) {
    position += 1;
    const event = seeded.event;
    if (event.type !== 'OrderPlaced') continue;
    placed.push({
      placed: event,
      recorded: {
        id: seeded.id,
        stream: seeded.stream,
        revision: seeded.revision ?? 0,
        position: { commit: position, prepare: position },
        recordedAt: new Date(seeded.at),
        event,
        metadata: {
          $correlationId: seeded.chain,
          $causationId: seeded.id,
          schemaVersion: 3,
          actor: 'seed',
          occurredAt: new Date(seeded.at).toISOString(),
        },
      },
    });
  }
  return placed;
};

const skusOf = (placed: OrderPlaced): string[] => [
  ...new Set(placed.data.lines.map((line) => line.sku)),
];

interface Tally {
  asked: number;
  hits: number;
  baselineHits: number;
}
const rate = (hits: number, asked: number): number => (asked === 0 ? 0 : (100 * hits) / asked);

/** "Bought with": hide each test order's last sku, ask with the others. */
const together = async (source: RecommendationSource, test: readonly Placed[]): Promise<Tally> => {
  const tally: Tally = { asked: 0, hits: 0, baselineHits: 0 };
  const popular = (await source.popular({ limit: 200 })).map((doc) => doc.sku);
  for (const { placed } of test) {
    const skus = skusOf(placed);
    const hidden = skus.at(-1);
    if (skus.length < 2 || hidden === undefined) continue;
    const shown = skus.slice(0, -1);
    const answer = await recommendFor(source, shown, top);
    const baseline = popular.filter((sku) => !shown.includes(sku)).slice(0, top);
    tally.asked += 1;
    if (answer.some((item) => item.sku === hidden)) tally.hits += 1;
    if (baseline.includes(hidden)) tally.baselineHits += 1;
  }
  return tally;
};

/** Personal: a returning customer's next order, from what they bought before it. */
const personal = async (source: RecommendationSource, test: readonly Placed[]): Promise<Tally> => {
  const tally: Tally = { asked: 0, hits: 0, baselineHits: 0 };
  const popular = (await source.popular({ limit: 300 })).map((doc) => doc.sku);
  for (const { placed } of test) {
    const customer = await source.customer(placed.data.customerId);
    if (customer === undefined) continue;
    const fresh = skusOf(placed).filter((sku) => !customer.skus.includes(sku));
    if (fresh.length === 0) continue;
    const answer = await personalizedFor(source, placed.data.customerId, top);
    const baseline = popular.filter((sku) => !customer.skus.includes(sku)).slice(0, top);
    tally.asked += 1;
    if (answer.some((item) => fresh.includes(item.sku))) tally.hits += 1;
    if (baseline.some((sku) => fresh.includes(sku))) tally.baselineHits += 1;
  }
  return tally;
};

export const evaluateRecommendations = async (options: {
  orders: number;
  days: number;
  seed: number;
}): Promise<Figure[]> => {
  const orders = placedOrders(options);
  const cut = Math.floor(orders.length * trainShare);
  const docs = new Map<string, RecommendationsDoc>();
  const started = performance.now();
  foldInto(
    recommendations,
    docs,
    orders.slice(0, cut).map((order) => order.recorded),
  );
  const foldSeconds = (performance.now() - started) / 1000;
  const source = memorySource(docs);
  const test = orders.slice(cut);
  const [bought, own] = await Promise.all([together(source, test), personal(source, test)]);
  const returning = test.filter((o) => docs.has(customerDocId(o.placed.data.customerId))).length;
  const figure = (name: string, tally: Tally): Figure => ({
    name: `${name} hit rate @${String(top)} (${String(tally.asked)} asked)`,
    value: rate(tally.hits, tally.asked),
    unit: '%',
    baseline: { name: 'most popular', value: rate(tally.baselineHits, tally.asked) },
    target: { atLeast: rate(tally.baselineHits, tally.asked) + Number.EPSILON },
  });
  return [
    figure('bought together', bought),
    figure('personalized', own),
    { name: 'held-out orders from returning customers', value: returning, unit: 'orders' },
    { name: 'training fold (evolve, in memory)', value: cut / foldSeconds, unit: 'orders/s' },
  ];
};
