import type { Consumer } from './message.ts';

export interface Rate {
  readonly averagePerSecond: number;
  readonly countSinceLastMeasurement: number;
}

/** A snapshot of a group for its info and stats. */
export interface GroupSnapshot extends Rate {
  readonly status: string;
  readonly consumers: readonly Consumer[];
  readonly consumerRates: ReadonlyMap<Consumer, Rate>;
  /** Extra statistics (KurrentDB's observed measurements) of consumers, when the group keeps them. */
  readonly consumerLatencies: ReadonlyMap<Consumer, ReadonlyMap<string, number>>;
  readonly readBufferCount: number;
  readonly liveBufferCount: number;
  readonly retryBufferCount: number;
  readonly outstandingCount: number;
  readonly parkedCount: number;
  readonly totalItems: number;
  readonly lastCheckpointedPosition: number | undefined;
  readonly lastKnownPosition: number | undefined;
}

/**
 * Items per second since the previous measurement, for a group and each of its consumers.
 * EventStoreDB measures on every stats request, so each call starts the next interval.
 */
export class RateMeter {
  private measuredAt: number;
  private measuredItems = 0;
  private readonly now: () => number;

  constructor(now: () => number) {
    this.now = now;
    this.measuredAt = now();
  }

  measure(
    totalItems: number,
    consumers: readonly Consumer[],
  ): { group: Rate; consumers: Map<Consumer, Rate> } {
    const now = this.now();
    const seconds = Math.max(0.001, (now - this.measuredAt) / 1000);
    const rate = (total: number, before: number): Rate => ({
      averagePerSecond: Math.round((total - before) / seconds),
      countSinceLastMeasurement: total - before,
    });
    const perConsumer = new Map(
      consumers.map((consumer) => {
        const measured = rate(consumer.totalItems, consumer.lastTotalItems);
        consumer.lastTotalItems = consumer.totalItems;
        return [consumer, measured] as const;
      }),
    );
    const group = rate(totalItems, this.measuredItems);
    this.measuredAt = now;
    this.measuredItems = totalItems;
    return { group, consumers: perConsumer };
  }
}
