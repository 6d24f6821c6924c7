import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestApi, type TestApi } from '../../api/testing/test-api.ts';
import { timerMetrics } from '../../processes/fulfilment/scheduler.ts';
import { bridgeMetrics } from '../../processes/kafka-bridge/metrics.ts';

const dashboardSchema = z.object({
  panels: z.array(
    z.object({
      title: z.string(),
      targets: z.array(z.object({ expr: z.string() })).optional(),
    }),
  ),
});

// PromQL words that look like metric names: functions are followed by "(" and left out anyway.
const keywords = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'inf',
  'nan',
]);
const histogramSuffix = /_(bucket|count|sum)$/;

/** The metric names an expression selects: label matchers, ranges and label lists removed first. */
export const metricNamesIn = (expr: string): string[] => {
  const bare = expr
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, '');
  return [...bare.matchAll(/\b[a-zA-Z_:][a-zA-Z0-9_:]*\b(?!\s*\()/g)]
    .map((m) => m[0])
    .filter((word) => !keywords.has(word.toLowerCase()));
};

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  // The Kafka bridge registers its families where it runs (the processes role, with Kafka).
  bridgeMetrics(api.system.metrics);
  // So does the saga's timer scheduler (the processes role).
  timerMetrics(api.system.metrics, () => ({ pending: 0, due: 0, overdue: 0 }));
});
afterAll(async () => {
  await api.stop();
});

describe('the Grafana dashboard', () => {
  it('names in its queries only metric families the app exports', () => {
    const { metrics } = api.system;
    const exported = new Set(metrics.registry.getMetricsAsArray().map((metric) => metric.name));
    const dashboard = dashboardSchema.parse(
      JSON.parse(readFileSync(new URL('grafana-dashboard.json', import.meta.url), 'utf8')),
    );
    const queries = dashboard.panels.flatMap((panel) =>
      (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr })),
    );
    expect(queries.length).toBeGreaterThan(15);
    const unknown = queries.flatMap(({ panel, expr }) =>
      metricNamesIn(expr)
        // `up` is Prometheus's own, for every target it scrapes.
        .filter((name) => name !== 'up')
        .filter((name) => !exported.has(name) && !exported.has(name.replace(histogramSuffix, '')))
        .map((name) => `${panel}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });

  it('and so do the alert rules', () => {
    const exported = new Set(api.system.metrics.registry.getMetricsAsArray().map((m) => m.name));
    const rules = readFileSync(new URL('alerts.yaml', import.meta.url), 'utf8');
    const named = new Set([...rules.matchAll(/\border_ledger_\w+/g)].map((m) => m[0]));
    expect(named.size).toBeGreaterThan(5);
    expect([...named].filter((name) => !exported.has(name))).toEqual([]);
  });

  it('finds a name the app does not export (the check can fail)', () => {
    expect(metricNamesIn('sum by (le) (rate(order_ledger_nope_bucket{a="b"}[5m])) / 2')).toEqual([
      'order_ledger_nope_bucket',
    ]);
  });
});
