// Test and benchmark support: a log of many whole orders, appended straight to the event store.
import type { EventStore } from '../../infra/eventstore/event-store.ts';
import type { EventCodec } from '../../infra/eventstore/codec.ts';
import type { DomainEvent } from '../../domain/events.ts';
import type { ForeignEvent } from '../projection.ts';
import { orderHistory, type Outcome } from './orders.ts';
import type { Written } from './recorded.ts';

const outcomes: readonly Outcome[] = [
  'delivered',
  'delivered',
  'delivered',
  'declined',
  'out_of_stock',
  'cancelled_after_confirm',
  'placed',
];

/** Consecutive events of one stream, appended together as their writer would. */
const runs = (written: readonly Written[]): Written[][] => {
  const grouped: Written[][] = [];
  for (const event of written) {
    const last = grouped.at(-1);
    if (last?.[0]?.stream === event.stream) last.push(event);
    else grouped.push([event]);
  }
  return grouped;
};

/**
 * Appends the whole history of `count` orders (order, inventory, payment and saga streams, about
 * a dozen events each), `concurrency` orders at a time. Resolves with the number of events.
 */
export const appendOrderLog = async (
  store: EventStore,
  codec: EventCodec<DomainEvent | ForeignEvent>,
  count: number,
  concurrency = 32,
): Promise<number> => {
  let next = 0;
  let events = 0;
  const worker = async () => {
    for (let n = next++; n < count; n = next++) {
      const history = orderHistory({
        orderId: `bench-${n}`,
        customerId: `customer-${n % 500}`,
        minute: n % 600,
        outcome: outcomes[n % outcomes.length] ?? 'delivered',
        // Every order scored, one in eleven held for review (and approved).
        risk: { score: (n * 37) % 100, held: n % 11 === 0 },
      });
      for (const group of runs(history)) {
        const toAppend = group.map(({ event, actor, at }) => ({
          event,
          metadata: {
            $correlationId: `bench-${n}`,
            $causationId: `bench-${n}`,
            actor,
            occurredAt: at,
          },
        }));
        await store.append(group[0]?.stream ?? '', toAppend, codec, 'any');
      }
      events += history.length;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return events;
};
