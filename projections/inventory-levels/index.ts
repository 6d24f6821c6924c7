import { z } from 'zod';
import type { DomainEvent } from '../../domain/events.ts';
import { inventoryEvents, type InventoryEvent } from '../../domain/inventory/events.ts';
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
  /** Everything ever restocked: the yardstick of "low". */
  restocked: z.number().int(),
  updatedAt: z.string(),
  position: z.number().int(),
});
export type InventoryLevelDoc = z.infer<typeof inventoryLevelDocSchema>;

/**
 * Low stock: nothing left to sell, or less than a fifth of everything ever restocked. Relative,
 * so a product stocked by the thousand is flagged while a scarce one (3 units) is not flagged
 * from its first sale.
 */
export const isLowStock = (available: number, restocked: number): boolean =>
  available <= 0 || available * 5 < restocked;

type Counts = Pick<InventoryLevelDoc, 'onHand' | 'reserved' | 'restocked'>;

/** The counts after one event, as the Inventory aggregate's evolve moves them. */
const counted = (counts: Counts, event: InventoryEvent): Counts & { at: string } => {
  const { onHand, reserved, restocked } = counts;
  switch (event.type) {
    case 'StockRestocked': {
      const { quantity, restockedAt: at } = event.data;
      return { onHand: onHand + quantity, reserved, restocked: restocked + quantity, at };
    }
    case 'StockReserved':
      return { ...counts, reserved: reserved + event.data.quantity, at: event.data.reservedAt };
    case 'StockReservationRejected':
      return { ...counts, at: event.data.rejectedAt };
    case 'StockReleased':
      return { ...counts, reserved: reserved - event.data.quantity, at: event.data.releasedAt };
    case 'StockCommitted': {
      const { quantity, committedAt: at } = event.data;
      return { onHand: onHand - quantity, reserved: reserved - quantity, restocked, at };
    }
    default:
      return unreachable(event);
  }
};

const isInventoryEvent = (event: DomainEvent): event is InventoryEvent =>
  inventoryEvents.handles(event.type);

/** `inventory_levels`: one document per sku with what is on hand, reserved and available. */
export const inventoryLevels: Projection<InventoryLevelDoc> = {
  name: 'inventory_levels',
  version: 1,
  categories: ['inventory'],
  schema: inventoryLevelDocSchema,
  indexes: [],
  documentIds: ({ stream }) => {
    const sku = parseInventoryStream(stream);
    return sku === undefined ? [] : [sku];
  },
  evolve: (doc, { event, position }, { id }) => {
    if (!isDomainEvent(event) || !isInventoryEvent(event)) return doc;
    const before = doc ?? { onHand: 0, reserved: 0, restocked: 0 };
    const { at, ...counts } = counted(before, event);
    const available = counts.onHand - counts.reserved;
    return {
      _id: id,
      sku: id,
      ...counts,
      available,
      lowStock: isLowStock(available, counts.restocked),
      updatedAt: at,
      position: position?.commit ?? 0,
    };
  },
  view: ({ _id: _i, _position: _p, ...level }) => level,
};
