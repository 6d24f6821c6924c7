/** A rate per second over the last few seconds, from a growing total sampled now and then. */
export class RateMeter {
  private samples: { at: number; total: number }[] = [];
  private readonly windowMs: number;

  constructor(windowMs = 5_000) {
    this.windowMs = windowMs;
  }

  sample(at: number, total: number): void {
    this.samples.push({ at, total });
    while (this.samples.length > 2 && (this.samples[1]?.at ?? at) < at - this.windowMs)
      this.samples.shift();
  }

  perSecond(): number {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (first === undefined || last === undefined || last.at <= first.at) return 0;
    return ((last.total - first.total) * 1000) / (last.at - first.at);
  }
}
