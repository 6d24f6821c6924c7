import type { EventStore } from '../../infra/eventstore/event-store.ts';
import type { Metrics } from '../../infra/metrics.ts';
import { bridgeGroup } from '../../processes/kafka-bridge/group.ts';
import { bridgedStreamPrefixes } from '../../processes/kafka-bridge/mapping.ts';
import type { Clock } from '../../processes/ports/clock.ts';
import { allProjections } from '../../projections/index.ts';
import type { ReadSide } from '../roles/projections.ts';
import { registerHealthMetrics } from './health-metrics.ts';
import { createHealthSource, type HealthSource } from './health-source.ts';
import { createHttpWindow } from './http-window.ts';
import { registerStockMetrics } from './stock-metrics.ts';

/**
 * The health source of an api process, with its figures registered as metrics. Groups other than
 * the bridge's (the saga's) are counted against the domain's streams, which is what they read.
 */
export const startHealthSource = (deps: {
  store: EventStore;
  readSide: ReadSide;
  metrics: Metrics;
  clock: Clock;
}): HealthSource => {
  const source = createHealthSource({
    client: deps.store.client,
    head: () => deps.store.headPosition(),
    readStore: deps.readSide.readStore,
    readModels: deps.readSide.readModels,
    readModelsReady: () => deps.readSide.ready(),
    projections: allProjections,
    groups: [{ group: bridgeGroup, prefixes: bridgedStreamPrefixes, kind: 'bridge' }],
    defaultPrefixes: bridgedStreamPrefixes,
    http: createHttpWindow(deps.metrics.registry),
    now: () => deps.clock.now(),
  });
  registerHealthMetrics(deps.metrics, source);
  registerStockMetrics(deps.metrics, deps.readSide.readModels);
  return source;
};
