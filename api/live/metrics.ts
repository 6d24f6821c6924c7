import type { Metrics } from '../../infra/metrics.ts';

/** What live updates report on /metrics. */
export const createLiveMetrics = (metrics: Metrics) => ({
  clients: metrics.gauge('live_connected_clients', 'Socket.IO clients connected'),
  refused: metrics.counter('live_handshakes_refused_total', 'Socket.IO handshakes refused'),
  relayed: metrics.counter('live_events_relayed_total', 'Events relayed to Socket.IO rooms', [
    'event',
  ]),
  latency: metrics.histogram(
    'live_relay_latency_seconds',
    'From a change published by a projection to its event relayed to Socket.IO',
    [],
    [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  ),
});
