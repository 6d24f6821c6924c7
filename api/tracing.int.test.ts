import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { EventStoreDBClient, StreamNotFoundError } from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { eventMetadataSchema } from '../infra/eventstore/metadata.ts';
import { defaultTopics } from '../infra/kafka/topics.ts';
import { startPrivateEventStore } from '../infra/test-servers/eventstore.ts';
import { readSpans, type ReceivedSpan } from '../infra/test-servers/testing/received-spans.ts';
import type { StartedServer } from '../infra/test-servers/types.ts';
import { serverUrl } from '../infra/test-servers/use-server.ts';
import { readCommitted, testKafka } from '../processes/kafka-bridge/testing/kafka.ts';
import { connectedEnv, startApp, stopApps, type AppChild } from './testing/app-processes.ts';
import { signToken } from './testing/test-api.ts';

// The whole product in one process (`--role all`: API, saga, Kafka bridge, projections) on an
// event store of this file's own and the harness's Kafka broker, exporting its spans to the
// harness's OTLP receiver (the OpenTelemetry Collector).
let eventStore: StartedServer | undefined;
let client: EventStoreDBClient | undefined;
let app: AppChild | undefined;
const clientId = `tracing-test-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  eventStore = await startPrivateEventStore();
  client = EventStoreDBClient.connectionString(eventStore.url);
  const env = connectedEnv(
    { eventStore: eventStore.url, kafkaBrokers: serverUrl('kafka') },
    {
      OTEL_EXPORTER_OTLP_ENDPOINT: serverUrl('otlp'),
      // Spans go out within 200 ms, so the test need not wait for the default 5 s.
      OTEL_BSP_SCHEDULE_DELAY: '200',
      // A transactional id no other test on the shared broker uses, or the two would fence each other.
      KAFKA_CLIENT_ID: clientId,
      LOG_LEVEL: 'debug',
    },
  );
  app = await startApp({ role: 'all', env });
});

afterAll(async () => {
  await stopApps([app]);
  await client?.dispose();
  await eventStore?.stop();
});

const acceptedOrder = z.object({ orderId: z.string().min(1) });
const orderView = z.object({ status: z.string() });

const storedMetadata = async (stream: string) => {
  if (client === undefined) throw new Error('no event store');
  const found: { type: string; traceparent: string | undefined }[] = [];
  try {
    for await (const { event } of client.readStream(stream)) {
      if (event === undefined) continue;
      const metadata = eventMetadataSchema.parse(event.metadata);
      found.push({ type: event.type, traceparent: metadata.traceparent });
    }
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return found;
};

const traceIdOf = (traceparent: string | undefined) => traceparent?.split('-')[1];

describe('one order journey is one trace', () => {
  it('given a traceparent on POST /api/orders, then the API, saga, bridge and events all carry its trace id', async () => {
    if (app === undefined) throw new Error('the product did not start');
    const running = app;
    const operator = await signToken({ sub: 'op-1', roles: ['operator'] });
    const restock = await running.request('/api/inventory/SKU-1/restock', {
      token: operator,
      json: { quantity: 10 },
    });
    expect(restock.status).toBe(200);

    // Given: a caller's trace, with a span of its own as the parent of ours.
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const customer = await signToken({ sub: 'customer-trace', roles: ['customer'] });
    const placed = await fetch(`${running.url}/api/orders`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${customer}`,
        'content-type': 'application/json',
        traceparent: `00-${traceId}-${callerSpanId}-01`,
      },
      body: JSON.stringify({ lines: [{ sku: 'SKU-1', quantity: 1 }] }),
    });
    expect(placed.status).toBe(202);
    const { orderId } = acceptedOrder.parse(await placed.json());

    // When: the saga confirms it.
    const deadline = Date.now() + 30_000;
    let status = 'placed';
    while (status === 'placed' && Date.now() < deadline) {
      await sleep(100);
      const view = await running.request(`/api/orders/${orderId}`, { token: operator });
      if (view.ok) status = orderView.parse(await view.json()).status;
    }
    expect(['confirmed', 'shipped', 'delivered']).toContain(status);

    // Then: spans of that trace from the API, the command handling, the append, the saga's
    // handling and the bridge's Kafka transaction.
    const ofTrace = (spans: readonly ReceivedSpan[]) => spans.filter((s) => s.traceId === traceId);
    const named = (name: string, kind: string) => (s: ReceivedSpan) =>
      s.name === name && s.kind === kind;
    const expected: [string, (s: ReceivedSpan) => boolean][] = [
      ['server span', named('POST /api/orders', 'server')],
      ['order command', named('handle order command', 'internal')],
      ['order append', named('append order-*', 'client')],
      ['inventory command', named('handle inventory command', 'internal')],
      ['payment command', named('handle payment command', 'internal')],
      [
        'saga handling',
        (s) =>
          s.kind === 'consumer' && s.attributes['messaging.consumer.group.name'] === 'fulfilment',
      ],
      [
        'bridge handling',
        (s) =>
          s.kind === 'consumer' && s.attributes['messaging.consumer.group.name'] === 'kafka-bridge',
      ],
      [
        'projection',
        (s) => s.kind === 'consumer' && s.name.startsWith('project projection:order_summaries'),
      ],
      ['read-model write', named('write read model', 'client')],
      [
        'Kafka produce',
        (s) => {
          const topics = s.attributes['messaging.destination.name'];
          return (
            s.kind === 'producer' &&
            typeof topics === 'string' &&
            topics.includes(defaultTopics.orders)
          );
        },
      ],
    ];
    const missing = (spans: readonly ReceivedSpan[]) =>
      expected.filter(([, wanted]) => !ofTrace(spans).some(wanted)).map(([what]) => what);
    const complete = (spans: readonly ReceivedSpan[]) => missing(spans).length === 0;
    const spans = ofTrace(await readSpans({ until: complete, timeoutMs: 30_000 }));
    expect(missing(spans)).toEqual([]);
    const server = spans.find((s) => s.name === 'POST /api/orders');
    expect(server?.parentSpanId).toBe(callerSpanId);
    expect(server?.serviceName).toBe('order-ledger-all');
    expect(server?.attributes['http.response.status_code']).toBe(202);
    const command = spans.find((s) => s.name === 'handle order command');
    expect(command?.parentSpanId).toBe(server?.spanId);
    expect(command?.attributes).toMatchObject({
      'order_ledger.stream': `order-${orderId}`,
      'order_ledger.expected_revision': 'no_stream',
    });
    const append = spans.find((s) => s.name === 'append order-*');
    expect(append?.parentSpanId).toBe(command?.spanId);
    const sagaHandling = spans.find(
      (s) =>
        s.name === 'handle OrderPlaced' &&
        s.attributes['messaging.consumer.group.name'] === 'fulfilment',
    );
    expect(sagaHandling?.attributes).toMatchObject({
      'order_ledger.event_type': 'OrderPlaced',
      'order_ledger.stream': `order-${orderId}`,
      'order_ledger.revision': 0,
      'order_ledger.retry_count': 0,
    });

    // The events of the order's journey carry the trace in their metadata.
    const events = [
      ...(await storedMetadata(`order-${orderId}`)),
      ...(await storedMetadata(`payment-${orderId}`)),
      ...(await storedMetadata(`fulfilment-${orderId}`)),
    ];
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['OrderPlaced', 'OrderConfirmed', 'PaymentAuthorized']),
    );
    const journey = ['OrderPlaced', 'PaymentAuthorized', 'OrderConfirmed'];
    const traced = events.filter((e) => journey.includes(e.type));
    expect(Object.fromEntries(traced.map((e) => [e.type, traceIdOf(e.traceparent)]))).toEqual(
      Object.fromEntries(journey.map((type) => [type, traceId])),
    );

    // And the bridge's Kafka records of the order carry it as a header.
    const records = await readCommitted(
      testKafka(serverUrl('kafka')),
      [defaultTopics.orders],
      (read) => read.some((r) => r.key === orderId && r.headers['event-type'] === 'OrderConfirmed'),
    );
    const ours = records.filter((r) => r.key === orderId);
    const placedAndConfirmed = ours.filter((r) =>
      ['OrderPlaced', 'OrderConfirmed'].includes(r.headers['event-type'] ?? ''),
    );
    expect(placedAndConfirmed.map((r) => traceIdOf(r.headers.traceparent))).toEqual([
      traceId,
      traceId,
    ]);

    // The log lines of the request name the order, its correlation id and the trace.
    const logged = running
      .output()
      .split('\n')
      .flatMap((line) => {
        try {
          return [z.record(z.string(), z.unknown()).parse(JSON.parse(line))];
        } catch {
          return [];
        }
      })
      .filter((line) => line.orderId === orderId);
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.some((line) => line.traceId === traceId && line.correlationId === orderId)).toBe(
      true,
    );
  });
});
