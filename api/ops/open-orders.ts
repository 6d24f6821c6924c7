import type { OrderSummaryDoc } from '../../projections/order-summaries/document.ts';
import { orderSummaries } from '../../projections/order-summaries/index.ts';
import type { ReadModels } from '../../projections/read-models.ts';

/** The statuses an order is still moving through (the others are where it ends). */
export const openStatuses = ['placed', 'confirmed', 'shipped'] as const;

/** What the order waits for, from the steps it has reached. */
export const stageOf = (doc: OrderSummaryDoc): string => {
  if (doc.status === 'shipped') return 'delivery';
  if (doc.status === 'confirmed') return 'shipment';
  if (doc.steps.paymentAuthorizedAt !== undefined) return 'confirmation';
  if (doc.steps.stockReservedAt !== undefined) return 'payment';
  return 'stock';
};

export interface OpenOrders {
  readonly byStatus: Record<string, number>;
  /** The oldest open orders, oldest first. */
  readonly oldest: {
    orderId: string;
    status: string;
    stage: string;
    placedAt: string;
    ageSeconds: number;
  }[];
  /** Of each open status, how long its oldest order has waited (seconds). */
  readonly oldestAgeByStatus: Record<string, number>;
  /** Orders whose payment was authorized, and orders rejected because it was declined. */
  readonly payments: { authorized: number; declined: number };
}

/** Open orders from `order_summaries` (not the saga's state, which is the saga's own business). */
export const readOpenOrders = async (
  readModels: ReadModels,
  now: Date,
  shown = 10,
): Promise<OpenOrders> => {
  const collection = await readModels.active(orderSummaries);
  if (collection === undefined)
    return {
      byStatus: {},
      oldest: [],
      oldestAgeByStatus: {},
      payments: { authorized: 0, declined: 0 },
    };
  const perStatus = await Promise.all(
    openStatuses.map(async (status) => ({
      status,
      count: await collection.count({ status }),
      oldest: await collection.find({
        filter: { status },
        sort: [
          ['placedAt', 1],
          ['_id', 1],
        ],
        limit: shown,
      }),
    })),
  );
  const [authorized, declined] = await Promise.all([
    collection.count({ 'steps.paymentAuthorizedAt': { $gte: '' } }),
    collection.count({ status: 'rejected', reason: 'payment_declined' }),
  ]);
  const ageOf = (doc: OrderSummaryDoc) =>
    Math.max(0, (now.getTime() - Date.parse(doc.placedAt)) / 1000);
  return {
    byStatus: Object.fromEntries(perStatus.map((s) => [s.status, s.count])),
    oldest: perStatus
      .flatMap((s) => s.oldest)
      .sort((a, b) => a.placedAt.localeCompare(b.placedAt))
      .slice(0, shown)
      .map((doc) => ({
        orderId: doc.orderId,
        status: doc.status,
        stage: stageOf(doc),
        placedAt: doc.placedAt,
        ageSeconds: ageOf(doc),
      })),
    oldestAgeByStatus: Object.fromEntries(
      perStatus.map((s) => [s.status, s.oldest[0] === undefined ? 0 : ageOf(s.oldest[0])]),
    ),
    payments: { authorized, declined },
  };
};
