import { hourMs, timeOfDay } from './calendar.ts';
import type { Random } from './random.ts';

/** S4's fraud patterns; the seed labels every order it injects with one. */
export const fraudPatterns = [
  'burst',
  'new_account_high_value',
  'quantity_spike',
  'unusual_hour',
  'repeated_declines',
] as const;
export type FraudPattern = (typeof fraudPatterns)[number];

/** The line each injected order gets in the labels file (never in the events). */
export type FraudLabel = {
  readonly orderId: string;
  readonly customerId: string;
  readonly pattern: FraudPattern;
  /** Orders of one episode (a burst, a run of declines) share it. */
  readonly episode: number;
  readonly placedAt: string;
};

/** An order to plan: when, and whether (and how) it is fraud. */
export type Arrival = {
  readonly at: number;
  readonly fraud: { readonly pattern: FraudPattern; readonly episode: number } | undefined;
};

/** Share of orders that are fraud with `--fraud`. */
export const fraudShare = 0.015;

/** Orders per episode, on average over the patterns (bursts 5–12, declines 3–6, others 1). */
const meanEpisodeSize = (8.5 + 4.5 + 3) / 5;

const episodeSize = (pattern: FraudPattern, random: Random): number =>
  pattern === 'burst' ? random.int(5, 12) : pattern === 'repeated_declines' ? random.int(3, 6) : 1;

const gapMs = (pattern: FraudPattern, random: Random): number =>
  pattern === 'burst' ? random.int(20, 120) * 1000 : random.int(2, 10) * 60 * 1000;

/**
 * The day's arrivals, `count` in all, in time order: ordinary ones from the hourly profile and,
 * with fraud on, episodes of the patterns in their place (their orders count towards `count`).
 */
export const arrivalsOfDay = (
  count: number,
  start: number,
  withFraud: boolean,
  random: Random,
  nextEpisode: () => number,
): Arrival[] => {
  const arrivals: Arrival[] = [];
  // Whole episodes, as many as the share calls for on average (a quiet day may have none).
  const expected = withFraud ? (count * fraudShare) / meanEpisodeSize : 0;
  let episodes = Math.floor(expected) + (random.chance(expected % 1) ? 1 : 0);
  while (episodes-- > 0 && arrivals.length < count) {
    // The patterns take turns, so even a small history holds each of them.
    const episode = nextEpisode();
    const pattern = fraudPatterns[episode % fraudPatterns.length] ?? 'burst';
    const size = Math.min(count - arrivals.length, episodeSize(pattern, random));
    let at =
      pattern === 'unusual_hour'
        ? start + random.int(1, 4) * hourMs + random.int(0, hourMs - 1)
        : start + timeOfDay(random);
    for (let index = 0; index < size; index++) {
      arrivals.push({ at, fraud: { pattern, episode } });
      at += gapMs(pattern, random);
    }
  }
  for (let index = arrivals.length; index < count; index++) {
    arrivals.push({ at: start + timeOfDay(random), fraud: undefined });
  }
  return arrivals.sort((a, b) => a.at - b.at);
};
