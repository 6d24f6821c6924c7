/**
 * A consumer's extra statistics, as KurrentDB keeps them when a group has `extraStatistics`:
 * how long each message it was sent took to be acked or nacked, in whole milliseconds, over its
 * last `window` settled messages (KurrentDB's RequestStatistics).
 */
export class LatencyWindow {
  private readonly started = new Map<string, number>();
  private readonly measured: number[] = [];
  private readonly window: number;
  private readonly now: () => number;

  constructor(now: () => number, window = 1000) {
    this.now = now;
    this.window = window;
  }

  sent(id: string): void {
    this.started.set(id, this.now());
  }

  settled(id: string): void {
    const start = this.started.get(id);
    if (start === undefined) return;
    this.started.delete(id);
    if (this.measured.length >= this.window) this.measured.shift();
    this.measured.push(Math.floor(this.now() - start));
  }

  /**
   * The measurements under KurrentDB's keys (its own spellings: "Meadian", and "0%".."4%" for
   * the 0th..80th percentiles in steps of 20); none before a message was settled.
   */
  measurements(): Map<string, number> {
    const result = new Map<string, number>();
    if (this.measured.length === 0) return result;
    const items = [...this.measured].sort((a, b) => a - b);
    const at = (percentile: number): number => {
      const index = Math.min(Math.floor((percentile / 100) * items.length), items.length - 1);
      return items[index] ?? 0;
    };
    result.set('Mean', Math.floor(items.reduce((sum, item) => sum + item, 0) / items.length));
    result.set('Meadian', at(50));
    result.set('fastest', items[0] ?? 0);
    for (let i = 0; i < 5; i++) result.set(`${i}%`, at(i * 20));
    for (const percentile of [90, 95, 99, 99.5, 99.9]) result.set(`${percentile}%`, at(percentile));
    result.set('Highest', items[items.length - 1] ?? 0);
    return result;
  }
}
