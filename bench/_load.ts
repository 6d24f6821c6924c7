import { percentile } from './_report.ts';

export interface LoadResult {
  readonly sent: number;
  readonly ok: number;
  readonly failed: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly statuses: Readonly<Record<string, number>>;
}

/**
 * Keeps `concurrency` requests in flight for `durationMs` (a closed loop: each worker sends the
 * next request when its previous one is answered) and measures throughput and latency.
 */
export const closedLoopLoad = async (options: {
  concurrency: number;
  durationMs: number;
  send: (sequence: number) => Promise<Response>;
  isOk?: (response: Response) => boolean;
}): Promise<LoadResult> => {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let sent = 0;
  let ok = 0;
  const isOk = options.isOk ?? ((response: Response) => response.ok);
  const started = performance.now();
  const deadline = started + options.durationMs;
  const worker = async () => {
    while (performance.now() < deadline) {
      const sequence = sent++;
      const begin = performance.now();
      let status = 'error';
      try {
        const response = await options.send(sequence);
        await response.arrayBuffer();
        status = String(response.status);
        if (isOk(response)) ok++;
      } catch {
        // counted as a failure below
      }
      latencies.push(performance.now() - begin);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return {
    sent,
    ok,
    failed: sent - ok,
    seconds,
    perSecond: ok / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    statuses,
  };
};
