import { context, SpanKind, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { describe, expect, it } from 'vitest';
import { readSpans, readTrace } from './testing/received-spans.ts';
import { serverUrl } from './use-server.ts';

describe('the OTLP receiver of the test-server harness', () => {
  it('given a parent and a child span exported over OTLP/HTTP, then both are read back by their trace id', async () => {
    const endpoint = serverUrl('otlp');
    const provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: 'otlp-smoke' }),
      spanProcessors: [
        new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${endpoint}/v1/traces` })),
      ],
    });
    const tracer = provider.getTracer('otlp-smoke-test');

    const parent = tracer.startSpan('POST /orders', { kind: SpanKind.SERVER });
    const child = tracer.startSpan(
      'append order-1',
      {
        kind: SpanKind.CLIENT,
        attributes: { 'order_ledger.stream': 'order-1', 'order_ledger.expected_revision': 3 },
      },
      trace.setSpan(context.active(), parent),
    );
    child.end();
    parent.end();
    await provider.shutdown();

    const { traceId, spanId: parentId } = parent.spanContext();
    // Each span went in its own request, and the two requests may arrive in either order.
    const spans = (await readTrace(traceId, 2)).sort((a, b) => a.name.localeCompare(b.name));
    expect(
      spans.map(({ name, kind, parentSpanId, serviceName }) => ({
        name,
        kind,
        parentSpanId,
        serviceName,
      })),
    ).toEqual([
      { name: 'append order-1', kind: 'client', parentSpanId: parentId, serviceName: 'otlp-smoke' },
      { name: 'POST /orders', kind: 'server', parentSpanId: undefined, serviceName: 'otlp-smoke' },
    ]);
    expect(spans[0]?.attributes).toEqual({
      'order_ledger.stream': 'order-1',
      'order_ledger.expected_revision': 3,
    });
  });

  it('given no span of a trace was sent, then waiting for one fails naming what did arrive', async () => {
    await expect(
      readSpans({
        until: (spans) => spans.some((s) => s.traceId === '0'.repeat(31) + '1'),
        timeoutMs: 300,
      }),
    ).rejects.toThrow(/did not get the spans the test waited for within 0.3 s; it got \d+/);
  });
});
