import { createFraudFeatureFold } from '../../processes/fraud/features.ts';
import type { FraudFeatures } from '../../processes/fraud/features.ts';
import { seedHistory } from '../seed/history.ts';

export type HistoryShape = {
  readonly orders: number;
  readonly days: number;
  readonly seed: number;
};

/** An event as the fraud fold takes it. */
export type LoggedEvent = {
  readonly type: string;
  readonly data: unknown;
  readonly occurredAt: string;
  /** The order an OrderPlaced places (the seed's events are typed; the fold's input is not). */
  readonly placed?: string;
};

/** A seeded log held in memory, and which of its orders the seed injected as fraud. */
export type SeededLog = {
  readonly events: readonly LoggedEvent[];
  /** Each injected fraud order's episode (a burst's orders share one). */
  readonly fraud: ReadonlyMap<string, number>;
};

/** One placed order, its features as of its placing, and whether it was injected fraud. */
export type LabelledOrder = {
  readonly orderId: string;
  readonly at: number;
  readonly features: FraudFeatures;
  readonly fraud: boolean;
};

// A fixed end, so one seed always gives the same history (and stays clear of Black Friday).
const historyEnd = Date.UTC(2026, 5, 30);

/** The seed tool's history with its fraud patterns, in log order, without an event store. */
export const seededLog = (shape: HistoryShape): SeededLog => {
  const fraud = new Map<string, number>();
  const events: LoggedEvent[] = [];
  const history = seedHistory({
    ...shape,
    fraud: true,
    end: historyEnd,
    onLabel: (label) => fraud.set(label.orderId, label.episode),
  });
  for (const { event, at } of history) {
    const occurredAt = new Date(at).toISOString();
    events.push(
      event.type === 'OrderPlaced'
        ? { type: event.type, data: event.data, occurredAt, placed: event.data.orderId }
        : { type: event.type, data: event.data, occurredAt },
    );
  }
  return { events, fraud };
};

/** Folds the log once, taking each order's features as its OrderPlaced goes by. */
export const labelledOrders = (log: SeededLog): LabelledOrder[] => {
  const fold = createFraudFeatureFold();
  const orders: LabelledOrder[] = [];
  for (const event of log.events) {
    fold.apply(event);
    const orderId = event.placed;
    if (orderId === undefined) continue;
    const features = fold.featuresOf(orderId);
    if (features === undefined) continue;
    fold.forget(orderId);
    orders.push({
      orderId,
      at: Date.parse(event.occurredAt),
      features,
      fraud: log.fraud.has(orderId),
    });
  }
  return orders;
};
