import { z } from 'zod';
import type { ReadModelChange } from '../../infra/readmodels/change-feed.ts';
import type { OrderOwners } from './ownership.ts';
import { adminRoom, liveEvents, orderRoom, ordersRoom, type LiveEventName } from './protocol.ts';

/** One Socket.IO event for the clients in any of `rooms`. */
export interface Emission {
  readonly rooms: readonly string[];
  readonly event: LiveEventName;
  readonly payload: Readonly<Record<string, unknown>>;
  /** Snapshots (a level, a rebuild's progress) of one key may be coalesced: the latest wins. */
  readonly coalesce?: string;
}

/** What a change means for live clients: events, a refresh of the stats, or nothing. */
export type Relayed =
  | { readonly kind: 'emit'; readonly emission: Emission }
  | { readonly kind: 'stats'; readonly position: number };

// Documents come from another process (through the feed): only what routing needs is checked,
// the rest travels as the projection wrote it.
const owned = z.looseObject({ orderId: z.string(), customerId: z.string() });
const timeline = owned.extend({
  entries: z.array(z.looseObject({ eventId: z.string(), position: z.number() })),
});
const progress = z.looseObject({ name: z.string(), rebuild: z.unknown() });

const emit = (emission: Emission): Relayed[] => [{ kind: 'emit', emission }];

/**
 * Turns read-model changes into the contract's Socket.IO events. Timelines arrive whole, so it
 * remembers how many entries of each order it relayed (entries are only ever appended) and sends
 * the new ones; for an order it has not seen since start, all of them (clients keep entries by
 * event id). It also teaches `owners` whose each order is.
 */
export class ChangeRelay {
  readonly #owners: OrderOwners;
  readonly #relayedEntries = new Map<string, number>();
  readonly #maxOrders: number;

  constructor(owners: OrderOwners, maxOrders = 100_000) {
    this.#owners = owners;
    this.#maxOrders = maxOrders;
  }

  /** The events of a change as it happens. */
  live(change: ReadModelChange): Relayed[] {
    return this.#relay(change, (orderId, entries) => {
      const before = this.#relayedEntries.get(orderId) ?? 0;
      this.#remember(orderId, entries.length);
      return before <= entries.length ? entries.slice(before) : entries;
    });
  }

  /** The events of a change replayed to a client that has seen `position` (see `since`). */
  replay(change: ReadModelChange, position: number): Relayed[] {
    return this.#relay(change, (_, entries) => entries.filter((e) => e.position >= position));
  }

  #relay(
    change: ReadModelChange,
    newEntries: <E extends { position: number }>(orderId: string, entries: E[]) => E[],
  ): Relayed[] {
    const { position, document } = change;
    switch (change.projection) {
      case 'order_summaries': {
        const summary = owned.safeParse(document);
        if (!summary.success) return [];
        this.#owners.learn(summary.data.orderId, summary.data.customerId);
        const { orderId } = summary.data;
        return emit({
          rooms: [ordersRoom, orderRoom(orderId)],
          event: liveEvents.orderChanged,
          payload: { orderId, summary: summary.data, position },
        });
      }
      case 'order_timelines': {
        const parsed = timeline.safeParse(document);
        if (!parsed.success) return [];
        const { orderId, customerId } = parsed.data;
        this.#owners.learn(orderId, customerId);
        const entries = newEntries(orderId, parsed.data.entries);
        if (entries.length === 0) return [];
        return emit({
          rooms: [orderRoom(orderId)],
          event: liveEvents.timelineAppended,
          payload: { orderId, entries, position },
        });
      }
      case 'inventory_levels':
        if (document === null || typeof document !== 'object') return [];
        return emit({
          rooms: [ordersRoom],
          event: liveEvents.inventoryChanged,
          payload: { sku: change.id, level: document, position },
          coalesce: `inventory:${change.id}`,
        });
      case 'ops_stats':
        return [{ kind: 'stats', position }];
      case 'projections': {
        const parsed = progress.safeParse(document);
        if (!parsed.success) return [];
        return emit({
          rooms: [adminRoom],
          event: liveEvents.projectionProgress,
          // Status reports carry no position (0): the UI tells progress by `rebuild`.
          payload: { name: parsed.data.name, rebuild: parsed.data.rebuild ?? null, position },
          coalesce: `projection:${parsed.data.name}`,
        });
      }
      default:
        return [];
    }
  }

  #remember(orderId: string, entries: number): void {
    this.#relayedEntries.delete(orderId);
    this.#relayedEntries.set(orderId, entries);
    if (this.#relayedEntries.size > this.#maxOrders) {
      const oldest = this.#relayedEntries.keys().next();
      if (oldest.done !== true) this.#relayedEntries.delete(oldest.value);
    }
  }
}
