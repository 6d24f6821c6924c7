import { z } from 'zod';
import { orderStatuses, type OrderStatus } from '../../domain/order/state.ts';

const base = { _id: z.string(), _position: z.string().optional() };
const count = z.number().int();

/** An order's status changes, each at the position key of its event. */
export const orderStatsDocSchema = z.object({
  ...base,
  kind: z.literal('order'),
  transitions: z.array(z.object({ status: z.enum(orderStatuses), at: z.string() })),
});
export const byStatusDocSchema = z.object({
  ...base,
  kind: z.literal('by-status'),
  counts: z.object({
    placed: count,
    confirmed: count,
    shipped: count,
    delivered: count,
    cancelled: count,
    rejected: count,
  }),
});
/** Revenue of a day: captured minus refunded (per currency, may go below zero), orders placed. */
export const revenueDocSchema = z.object({
  ...base,
  kind: z.literal('revenue'),
  key: z.string(),
  revenue: z.array(z.object({ currency: z.string(), amount: count })),
  orders: count,
});
export const minuteColumns = ['placed', 'confirmed', 'rejected', 'cancelled', 'delivered'] as const;
export type MinuteColumn = (typeof minuteColumns)[number];
export const minuteDocSchema = z.object({
  ...base,
  kind: z.literal('minute'),
  key: z.string(),
  placed: count,
  confirmed: count,
  rejected: count,
  cancelled: count,
  delivered: count,
});

export const opsStatsDocSchema = z.discriminatedUnion('kind', [
  orderStatsDocSchema,
  byStatusDocSchema,
  revenueDocSchema,
  minuteDocSchema,
]);
export type OpsStatsDoc = z.infer<typeof opsStatsDocSchema>;
export type OrderStatsDoc = z.infer<typeof orderStatsDocSchema>;
export type ByStatusDoc = z.infer<typeof byStatusDocSchema>;
export type RevenueDoc = z.infer<typeof revenueDocSchema>;
export type MinuteDoc = z.infer<typeof minuteDocSchema>;
export type StatusCounts = ByStatusDoc['counts'];

export const byStatusId = 'by-status';
export const orderStatsId = (orderId: string): string => `order:${orderId}`;
export const revenueId = (day: string): string => `revenue:${day}`;
export const minuteId = (minute: string): string => `minute:${minute}`;

export const zeroCounts = (): StatusCounts =>
  Object.fromEntries(orderStatuses.map((status) => [status, 0])) as Record<OrderStatus, number>;
