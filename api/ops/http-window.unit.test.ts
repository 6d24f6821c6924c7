import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../infra/metrics.ts';
import { createHttpWindow, quantile } from './http-window.ts';

describe('quantile (as histogram_quantile estimates it)', () => {
  it('given cumulative buckets, then the rank is interpolated within its bucket', () => {
    const buckets: [number, number][] = [
      [0.1, 50],
      [0.5, 90],
      [1, 100],
      [Infinity, 100],
    ];
    expect(quantile(0.5, buckets)).toBeCloseTo(0.1);
    expect(quantile(0.7, buckets)).toBeCloseTo(0.3);
    expect(quantile(0.95, buckets)).toBeCloseTo(0.75);
  });

  it('given no observations, then there is no estimate', () => {
    expect(quantile(0.5, [[Infinity, 0]])).toBeNull();
  });

  it('given the rank in the +Inf bucket, then the highest finite bound', () => {
    expect(
      quantile(0.99, [
        [1, 90],
        [Infinity, 100],
      ]),
    ).toBe(1);
  });
});

describe('the HTTP window', () => {
  it('given requests before and during the window, then only those during it are counted', async () => {
    let now = 0;
    const metrics = createMetrics({ defaultMetrics: false });
    const latency = metrics.histogram('http_request_duration_seconds', 'HTTP request latency', [
      'method',
      'route',
      'status',
    ]);
    latency.observe({ method: 'GET', route: '/api/orders', status: '200' }, 0.02);
    const window = createHttpWindow(metrics.registry, { now: () => now });
    await new Promise((resolve) => setTimeout(resolve, 10));
    now = 60_000;
    for (let i = 0; i < 9; i++)
      latency.observe({ method: 'GET', route: '/api/orders', status: '200' }, 0.004);
    latency.observe({ method: 'GET', route: '/api/orders', status: '503' }, 2);

    const { windowSeconds, routes } = await window.routes();
    window.stop();
    expect(windowSeconds).toBe(60);
    expect(routes).toHaveLength(1);
    expect(routes[0]).toMatchObject({ method: 'GET', route: '/api/orders', requests: 10 });
    expect(routes[0]?.errorRate).toBeCloseTo(0.1);
    expect(routes[0]?.p50).toBeLessThanOrEqual(0.005);
    expect(routes[0]?.p99).toBeGreaterThan(1);
  });
});
