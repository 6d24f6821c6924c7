import {
  contextOfTraceparent,
  endSpan,
  linkTo,
  SpanKind,
  startSpan,
  tracingOn,
  type Span,
} from '../../infra/telemetry/tracing.ts';
import type { BridgedEvent } from './mapping.ts';

// Traces of one transaction that get a producer span of their own; the rest are linked from one.
const maxTraces = 32;

/**
 * Runs a Kafka transaction's commit in producer spans: one in the trace of each event's
 * `traceparent` (so an order's trace shows its records going out), up to 32 traces, and one
 * linked to the traces beyond that. With tracing off it is `commit()`.
 */
export const tracedCommit = async (
  events: readonly BridgedEvent[],
  commit: () => Promise<void>,
): Promise<void> => {
  if (!tracingOn()) return commit();
  const traces = new Map<string, { traceparent: string; events: number }>();
  for (const event of events) {
    const { traceparent } = event.message.headers;
    const traceId = linkTo(traceparent)?.context.traceId;
    if (traceparent === undefined || traceId === undefined) continue;
    const seen = traces.get(traceId);
    traces.set(traceId, { traceparent, events: (seen?.events ?? 0) + 1 });
  }
  const topics = [...new Set(events.map((event) => event.message.topic))].sort();
  const attributes = {
    'messaging.system': 'kafka',
    'messaging.operation.name': 'send',
    'messaging.operation.type': 'send',
    'messaging.destination.name': topics.join(','),
    'messaging.batch.message_count': events.length,
  };
  const name = `send ${topics.join(',')}`;
  const entries = [...traces.values()];
  const spans: Span[] = entries.slice(0, maxTraces).flatMap(
    ({ traceparent, events: ofTrace }) =>
      startSpan({
        name,
        kind: SpanKind.PRODUCER,
        parent: contextOfTraceparent(traceparent),
        attributes: { ...attributes, 'order_ledger.trace_messages': ofTrace },
      }) ?? [],
  );
  const beyond = entries.slice(maxTraces).flatMap(({ traceparent }) => linkTo(traceparent) ?? []);
  const linking =
    beyond.length > 0
      ? startSpan({ name, kind: SpanKind.PRODUCER, attributes, links: beyond })
      : undefined;
  if (linking !== undefined) spans.push(linking);
  try {
    await commit();
  } catch (error) {
    for (const span of spans) endSpan(span, error);
    throw error;
  }
  for (const span of spans) endSpan(span);
};
