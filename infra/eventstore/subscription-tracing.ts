import { orderIdOf, withLogContext, type LogContext } from '../telemetry/log-context.ts';
import { contextOfTraceparent, inSpan, linkTo, SpanKind, tracingOn } from '../telemetry/tracing.ts';
import type { RecordedDomainEvent } from './recorded.ts';

const logContextOf = (recorded: RecordedDomainEvent): LogContext => {
  const correlationId = recorded.metadata.$correlationId;
  return { orderId: orderIdOf(recorded.stream, correlationId), correlationId };
};

/**
 * Runs what a subscription does with one delivered event (decoding, handling, retrying, parking,
 * and their log lines) in the event's log context: its order and correlation id, read from the
 * stored metadata without trusting it, since the event may be the unreadable one being parked.
 */
export const inEventLogContext = <T>(
  recorded: { readonly streamId: string; readonly metadata: unknown } | undefined,
  fn: () => T,
): T => {
  if (recorded === undefined) return fn();
  const { metadata } = recorded;
  const given =
    typeof metadata === 'object' && metadata !== null && '$correlationId' in metadata
      ? metadata.$correlationId
      : undefined;
  const correlationId = typeof given === 'string' && given !== '' ? given : undefined;
  return withLogContext(
    { orderId: orderIdOf(recorded.streamId, correlationId), correlationId },
    fn,
  );
};

/**
 * Runs a subscription's handler for one event, with tracing on, in a consumer span whose parent is
 * the event's `traceparent`: the commands the handler sends then carry the same trace into the
 * events they append. With tracing off it is `handle()`.
 */
export const handleTraced = <T>(
  group: string,
  recorded: RecordedDomainEvent,
  retryCount: number,
  handle: () => Promise<T>,
): Promise<T> =>
  tracingOn()
    ? inSpan(
        {
          name: `handle ${recorded.event.type}`,
          kind: SpanKind.CONSUMER,
          parent: contextOfTraceparent(recorded.metadata.traceparent),
          attributes: {
            'messaging.system': 'eventstoredb',
            'messaging.consumer.group.name': group,
            'order_ledger.event_type': recorded.event.type,
            'order_ledger.stream': recorded.stream,
            'order_ledger.revision': recorded.revision,
            'order_ledger.retry_count': retryCount,
          },
        },
        handle,
      )
    : handle();

// A span may link to this many of the traces a batch came from; more says little and costs a lot.
const maxLinks = 32;

/**
 * Runs a catch-up subscriber's handler for a batch: in the log context of its order when every
 * event is about one, and with tracing on in a consumer span, the child of the events' trace
 * when they share one, else linked to each trace (up to 32).
 */
export const handleBatchTraced = <T>(
  subscription: string,
  batch: readonly RecordedDomainEvent[],
  handle: () => Promise<T>,
): Promise<T> => {
  const first = batch[0];
  const oneOrder =
    first !== undefined &&
    batch.every((recorded) => recorded.metadata.$correlationId === first.metadata.$correlationId);
  const run = (): Promise<T> => {
    if (!tracingOn() || first === undefined) return handle();
    const links = [
      ...new Set(batch.flatMap((recorded) => recorded.metadata.traceparent ?? [])),
    ].flatMap((traceparent) => linkTo(traceparent) ?? []);
    const traces = new Set(links.map((link) => link.context.traceId));
    const traced = batch.find((recorded) => recorded.metadata.traceparent !== undefined);
    return inSpan(
      {
        name: `project ${subscription}`,
        kind: SpanKind.CONSUMER,
        ...(traces.size === 1
          ? { parent: contextOfTraceparent(traced?.metadata.traceparent) }
          : {}),
        links: traces.size === 1 ? [] : links.slice(0, maxLinks),
        attributes: {
          'messaging.system': 'eventstoredb',
          'order_ledger.subscription': subscription,
          'order_ledger.events': batch.length,
          'order_ledger.event_type': first.event.type,
          'order_ledger.stream': first.stream,
          'order_ledger.revision': first.revision,
        },
      },
      handle,
    );
  };
  return oneOrder ? withLogContext(logContextOf(first), run) : run();
};
