import { trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  InMemorySpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { traceCommand, tracedAppend } from '../eventstore/command-tracing.ts';
import { decideBatch, type CommandContext } from '../eventstore/decide-batch.ts';
import type { RecordedDomainEvent } from '../eventstore/recorded.ts';
import { handleTraced, inEventLogContext } from '../eventstore/subscription-tracing.ts';
import { orderMixin } from '../logger.ts';
import { withLogContext } from './log-context.ts';
import { startTelemetry, tracesWanted } from './telemetry.ts';
import { useTracer } from './tracing.ts';

// An SDK registered as the process's tracer provider, recording in memory: any span made through
// OpenTelemetry's API lands here, so "none recorded" means the product made none.
const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

beforeAll(() => {
  provider.register({ propagator: new W3CTraceContextPropagator() });
});

afterEach(() => {
  useTracer(undefined);
  exporter.reset();
});

interface Placed {
  readonly type: 'OrderPlaced';
  readonly data: { readonly orderId: string };
}
const decider = {
  initialState: 0,
  decide: (command: string): Placed[] => [{ type: 'OrderPlaced', data: { orderId: command } }],
  evolve: (state: number) => state + 1,
};
const context: CommandContext = {
  commandId: 'command-1',
  correlationId: 'o-1',
  causationId: 'event-0',
  actor: 'fulfilment',
  now: new Date('2026-01-02T03:04:05Z'),
};
const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const delivered: RecordedDomainEvent = {
  id: 'event-0',
  stream: 'order-o-1',
  revision: 0,
  position: { commit: 1, prepare: 1 },
  recordedAt: new Date('2026-01-02T03:04:05Z'),
  event: { type: 'OrderPlaced', data: {} },
  metadata: {
    $correlationId: 'o-1',
    $causationId: 'request-1',
    schemaVersion: 1,
    actor: 'alice',
    occurredAt: '2026-01-02T03:04:05.000Z',
    traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
  },
};

/** A saga's handling of a delivered event: one command, decided and appended. */
const handleDelivered = () =>
  inEventLogContext({ streamId: delivered.stream, metadata: delivered.metadata }, () =>
    handleTraced('fulfilment', delivered, 0, async () => {
      const traced = traceCommand('inventory', 'inventory-SKU-1', context);
      const folded = { state: 0, revision: undefined, handled: new Set<string>() };
      const command = { command: 'o-1', context: traced?.context ?? context };
      const decided = decideBatch(decider, folded, [command]);
      await tracedAppend('inventory-SKU-1', 'no_stream', 1, [{ span: traced?.span }], () =>
        Promise.resolve(),
      );
      traced?.span?.end();
      return { metadata: decided.toAppend[0]?.metadata, logged: orderMixin() };
    }),
  );

describe('tracing off', () => {
  it('given no OTLP endpoint, then telemetry stays off and no span or traceparent is made', async () => {
    const telemetry = await startTelemetry({ role: 'test', env: {} });
    expect(telemetry.enabled).toBe(false);

    const { metadata, logged } = await handleDelivered();

    expect(exporter.getFinishedSpans()).toEqual([]);
    expect(metadata).not.toHaveProperty('traceparent');
    expect(logged).toEqual({ orderId: 'o-1', correlationId: 'o-1' });
  });

  it('given an endpoint but OTEL_SDK_DISABLED or OTEL_TRACES_EXPORTER=none, then it is off', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' };
    expect(tracesWanted(endpoint)).toBe(true);
    expect(
      tracesWanted({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' }),
    ).toBe(true);
    expect(tracesWanted({ ...endpoint, OTEL_SDK_DISABLED: 'true' })).toBe(false);
    expect(tracesWanted({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' })).toBe(false);
    expect(tracesWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' })).toBe(false);
  });
});

describe('tracing on', () => {
  it('given a delivered event with a traceparent, then the handling, command and append continue its trace and the new event carries it', async () => {
    useTracer(trace.getTracer('test'));

    const { metadata, logged } = await handleDelivered();

    const spans = exporter.getFinishedSpans();
    const byName = new Map(spans.map((span) => [span.name, span]));
    const consumer = byName.get('handle OrderPlaced');
    const command = byName.get('handle inventory command');
    const append = byName.get('append inventory-*');
    expect([...byName.keys()].sort()).toEqual([
      'append inventory-*',
      'handle OrderPlaced',
      'handle inventory command',
    ]);
    expect(spans.map((span) => span.spanContext().traceId)).toEqual([traceId, traceId, traceId]);
    expect(consumer?.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(consumer?.attributes).toMatchObject({
      'messaging.consumer.group.name': 'fulfilment',
      'order_ledger.retry_count': 0,
    });
    expect(command?.parentSpanContext?.spanId).toBe(consumer?.spanContext().spanId);
    expect(command?.attributes['order_ledger.expected_revision']).toBe('no_stream');
    expect(append?.parentSpanContext?.spanId).toBe(command?.spanContext().spanId);
    expect(metadata?.traceparent).toBe(`00-${traceId}-${command?.spanContext().spanId ?? ''}-01`);
    expect(logged).toEqual({
      orderId: 'o-1',
      correlationId: 'o-1',
      traceId,
      spanId: consumer?.spanContext().spanId,
    });
  });

  it('given a log context outside any span, then lines carry the order but no trace ids', () => {
    useTracer(trace.getTracer('test'));
    expect(withLogContext({ orderId: 'o-2', correlationId: 'o-2' }, orderMixin)).toEqual({
      orderId: 'o-2',
      correlationId: 'o-2',
    });
    expect(orderMixin()).toEqual({});
  });
});
