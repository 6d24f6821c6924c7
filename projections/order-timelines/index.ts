import { parseFulfilmentStream } from '../../domain/streams.ts';
import { orderIdOf } from '../order-summaries/index.ts';
import { isDomainEvent, type ProjectedEvent, type Projection } from '../projection.ts';
import {
  timelineDocSchema,
  timelineView,
  type TimelineDoc,
  type TimelineEntry,
} from './document.ts';
import { summarize } from './summary.ts';

export * from './document.ts';

const staffOnly = new Set(['RiskScored', 'RiskReviewed']);

const entryOf = (recorded: ProjectedEvent): TimelineEntry => ({
  eventId: recorded.id,
  stream: recorded.stream,
  revision: recorded.revision,
  type: recorded.event.type,
  actor: recorded.metadata.actor,
  causationId: recorded.metadata.$causationId,
  occurredAt: recorded.metadata.occurredAt,
  recordedAt: recorded.recordedAt.toISOString(),
  position: recorded.position?.commit ?? 0,
  summary: summarize(recorded.event),
});

/**
 * `order_timelines`: one document per order with every event that touched it, from its own
 * stream, its payment's, its saga's, and the inventory events for it. It starts with OrderPlaced,
 * which comes first in `$all` (everything else follows from it); entries are unique by event id.
 */
export const orderTimelines: Projection<TimelineDoc> = {
  name: 'order_timelines',
  version: 1,
  categories: ['order', 'inventory', 'payment', 'fulfilment'],
  schema: timelineDocSchema,
  indexes: [],
  documentIds: (recorded) => {
    // The fraud review is for staff: its customer reads the timeline, so the score and the
    // reviewer's reasons stay out of it (auditors read them in the order's history).
    if (staffOnly.has(recorded.event.type)) return [];
    const orderId = parseFulfilmentStream(recorded.stream) ?? orderIdOf(recorded);
    return orderId === undefined ? [] : [orderId];
  },
  evolve: (doc, recorded) => {
    const { event } = recorded;
    if (doc === undefined) {
      if (!isDomainEvent(event) || event.type !== 'OrderPlaced') return undefined;
      const { orderId, customerId } = event.data;
      return { _id: orderId, orderId, customerId, entries: [entryOf(recorded)] };
    }
    if (doc.entries.some((entry) => entry.eventId === recorded.id)) return doc;
    return { ...doc, entries: [...doc.entries, entryOf(recorded)] };
  },
  view: timelineView,
};
