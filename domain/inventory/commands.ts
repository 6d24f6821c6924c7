import { z } from 'zod';
import type { Command } from '../shared/command.ts';

// Structure only; quantity limits are decided in decide.ts.
export const restockDataSchema = z.object({ sku: z.string().min(1), quantity: z.number() });
export const reserveStockDataSchema = z.object({
  sku: z.string().min(1),
  orderId: z.string().min(1),
  quantity: z.number(),
});
export const releaseStockDataSchema = z.object({
  sku: z.string().min(1),
  orderId: z.string().min(1),
});
export const commitStockDataSchema = releaseStockDataSchema;
export const setLowStockThresholdDataSchema = z.object({
  sku: z.string().min(1),
  threshold: z.number(),
});

export type Restock = Command<'Restock', z.infer<typeof restockDataSchema>>;
export type ReserveStock = Command<'ReserveStock', z.infer<typeof reserveStockDataSchema>>;
export type ReleaseStock = Command<'ReleaseStock', z.infer<typeof releaseStockDataSchema>>;
export type CommitStock = Command<'CommitStock', z.infer<typeof commitStockDataSchema>>;
export type SetLowStockThreshold = Command<
  'SetLowStockThreshold',
  z.infer<typeof setLowStockThresholdDataSchema>
>;
export type InventoryCommand =
  Restock | ReserveStock | ReleaseStock | CommitStock | SetLowStockThreshold;
