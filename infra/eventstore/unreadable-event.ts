import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { LogPosition } from './recorded.ts';

/** Where in `stream` an unreadable event sits, and why it cannot be read. */
export interface UnreadableEventAt {
  readonly eventId: string;
  readonly stream: string;
  /** Undefined only for a link whose target is gone and which says nothing of itself. */
  readonly revision: number | undefined;
  readonly eventType: string | undefined;
  /** Whether the codec knows `eventType` (an unknown one is not named in metric labels). */
  readonly knownType: boolean;
  readonly position: LogPosition | undefined;
  readonly reason: string;
}

/**
 * A stored event that fails its schema or upcaster, or is not JSON at all. It is the store's
 * data, not the caller's request, and retrying will never help: subscribers skip or park it,
 * and HTTP answers `urn:order-ledger:problem:unreadable_event` naming where it is.
 */
export class UnreadableEvent extends Error {
  readonly eventId: string;
  readonly stream: string;
  readonly revision: number | undefined;
  readonly eventType: string | undefined;
  readonly knownType: boolean;
  readonly position: LogPosition | undefined;
  readonly reason: string;
  constructor(at: UnreadableEventAt) {
    const revision = at.revision === undefined ? '?' : String(at.revision);
    super(`event ${revision} of ${at.stream} (${at.eventId}) cannot be read: ${at.reason}`);
    this.name = 'UnreadableEvent';
    this.eventId = at.eventId;
    this.stream = at.stream;
    this.revision = at.revision;
    this.eventType = at.eventType;
    this.knownType = at.knownType;
    this.position = at.position;
    this.reason = at.reason;
  }
}

/** What met the unreadable event: an HTTP request, a catch-up or a persistent subscription. */
export type UnreadableWhere = 'http' | 'catch-up' | 'persistent';

export interface UnreadableEvents {
  /** Logs the event (once per place it is met) and counts it; `context` joins the log line. */
  report(
    event: UnreadableEvent,
    where: UnreadableWhere,
    log: Logger,
    context?: Record<string, unknown>,
  ): void;
}

/** How many positions are remembered as logged; beyond that the oldest may be logged again. */
const remembered = 1_024;

// One per process (per metrics registry): every runner and the HTTP error middleware share the
// memory of what was logged, so an event read on every request is not logged on every request.
const perMetrics = new WeakMap<Metrics, UnreadableEvents>();

/** The unreadable-event log and counter of the process that owns `metrics`. */
export const unreadableEvents = (metrics: Metrics): UnreadableEvents => {
  const known = perMetrics.get(metrics);
  if (known !== undefined) return known;
  const counter = metrics.counter(
    'unreadable_events_total',
    'Stored events that cannot be read (schema, upcaster or not JSON), once per event and place',
    ['stream_category', 'event_type', 'where'],
  );
  const logged = new Set<string>();
  const reporter: UnreadableEvents = {
    report(event, where, log, context = {}) {
      const key = `${where} ${event.stream} ${String(event.revision ?? event.eventId)}`;
      if (logged.has(key)) return;
      logged.add(key);
      if (logged.size > remembered) {
        const oldest = logged.values().next();
        if (oldest.done !== true) logged.delete(oldest.value);
      }
      counter.inc({
        stream_category: categoryOf(event.stream),
        event_type: event.knownType && event.eventType !== undefined ? event.eventType : 'unknown',
        where,
      });
      log.error(
        {
          ...context,
          where,
          stream: event.stream,
          revision: event.revision,
          eventType: event.eventType,
          eventId: event.eventId,
          position: event.position,
          reason: event.reason,
        },
        'unreadable event',
      );
    },
  };
  perMetrics.set(metrics, reporter);
  return reporter;
};

/** EventStoreDB's category: the stream name up to its first dash (`order-42` → `order`). */
const categoryOf = (stream: string): string => {
  const dash = stream.indexOf('-');
  return dash > 0 ? stream.slice(0, dash) : 'other';
};
