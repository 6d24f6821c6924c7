import { z } from 'zod';
import type { DomainEvent } from '../../domain/events.ts';
import { inventoryEvents, type InventoryEvent } from '../../domain/inventory/events.ts';
import { defaultLowStockThreshold, isLowStock } from '../../domain/inventory/low-stock.ts';
import { unreachable } from '../../domain/shared/decider.ts';
import { parseInventoryStream } from '../../domain/streams.ts';
import { isDomainEvent, type Projection } from '../projection.ts';

export const inventoryLevelDocSchema = z.object({
  _id: z.string(),
  _position: z.string().optional(),
  sku: z.string(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
  lowStock: z.boolean(),
  /** Fewer available than this is low (the sku's own, set by an operator, or the default). */
  lowStockThreshold: z.number().int(),
  /** Everything ever restocked (for turnover). */
  restocked: z.number().int(),
  updatedAt: z.string(),
  position: z.number().int(),
});
export type InventoryLevelDoc = z.infer<typeof inventoryLevelDocSchema>;

type Counts = Pick<InventoryLevelDoc, 'onHand' | 'reserved' | 'restocked' | 'lowStockThreshold'>;

/** The counts after one event, as the Inventory aggregate's evolve moves them. */
const counted = (counts: Counts, event: InventoryEvent): Counts & { at: string } => {
  const { onHand, reserved, restocked } = counts;
  switch (event.type) {
    case 'StockRestocked': {
      const { quantity, restockedAt: at } = event.data;
      return { ...counts, onHand: onHand + quantity, restocked: restocked + quantity, at };
    }
    case 'StockReserved':
      return { ...counts, reserved: reserved + event.data.quantity, at: event.data.reservedAt };
    case 'StockReservationRejected':
      return { ...counts, at: event.data.rejectedAt };
    case 'StockReleased':
      return { ...counts, reserved: reserved - event.data.quantity, at: event.data.releasedAt };
    case 'StockCommitted': {
      const { quantity, committedAt: at } = event.data;
      return { ...counts, onHand: onHand - quantity, reserved: reserved - quantity, at };
    }
    case 'LowStockThresholdSet':
      return { ...counts, lowStockThreshold: event.data.threshold, at: event.data.setAt };
    default:
      return unreachable(event);
  }
};

const isInventoryEvent = (event: DomainEvent): event is InventoryEvent =>
  inventoryEvents.handles(event.type);

/** `inventory_levels`: one document per sku with what is on hand, reserved and available. */
export const inventoryLevels: Projection<InventoryLevelDoc> = {
  name: 'inventory_levels',
  // 2: one low-stock rule (below the sku's threshold), replacing "a fifth of all restocked".
  version: 2,
  categories: ['inventory'],
  schema: inventoryLevelDocSchema,
  indexes: [],
  documentIds: ({ stream }) => {
    const sku = parseInventoryStream(stream);
    return sku === undefined ? [] : [sku];
  },
  evolve: (doc, { event, position }, { id }) => {
    if (!isDomainEvent(event) || !isInventoryEvent(event)) return doc;
    const before = doc ?? {
      onHand: 0,
      reserved: 0,
      restocked: 0,
      lowStockThreshold: defaultLowStockThreshold,
    };
    const { at, ...counts } = counted(before, event);
    const available = counts.onHand - counts.reserved;
    return {
      _id: id,
      sku: id,
      ...counts,
      available,
      lowStock: isLowStock(available, counts.lowStockThreshold),
      updatedAt: at,
      position: position?.commit ?? 0,
    };
  },
  view: ({ _id: _i, _position: _p, ...level }) => level,
};
