import type { Figure } from '../../_report.ts';
import type { EmmettPeerResult } from './run.ts';

/** The peer's figures for `printFigures`, optionally each beside ours from the same run. */
export const emmettPeerFigures = (
  result: EmmettPeerResult,
  ours?: { readonly ordersPerSecond: number; readonly cpuMsPerOrder: number },
): Figure[] => {
  const cpuTotal = Object.values(result.cpuMsPerOrder).reduce((sum, ms) => sum + ms, 0);
  return [
    {
      name: `Emmett: orders/s placed → confirmed at ${String(result.rate)}/s offered`,
      value: result.ordersPerSecond,
      unit: 'orders/s',
      ...(ours && { baseline: { name: 'ours', value: ours.ordersPerSecond } }),
    },
    { name: 'Emmett: confirmed', value: result.confirmed, unit: `of ${String(result.offered)}` },
    { name: 'Emmett: p50 placed → confirmed', value: result.p50Ms ?? Number.NaN, unit: 'ms' },
    { name: 'Emmett: p95 placed → confirmed', value: result.p95Ms ?? Number.NaN, unit: 'ms' },
    ...Object.entries(result.cpuMsPerOrder).map(([name, value]) => ({
      name: `Emmett: CPU per confirmed order, ${name}`,
      value,
      unit: 'ms',
    })),
    {
      name: 'Emmett: CPU per confirmed order, all processes',
      value: cpuTotal,
      unit: 'ms',
      ...(ours && { baseline: { name: 'ours', value: ours.cpuMsPerOrder } }),
    },
  ];
};
