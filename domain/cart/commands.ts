import { z } from 'zod';
import { skuSchema } from '../product/commands.ts';
import type { Command } from '../shared/command.ts';
import type { CartLine } from './events.ts';

// Structure only; the limits (quantities, line count) are decided in decide.ts so every caller
// gets the same typed refusal. Whether a sku is in the catalog is asked by the caller, which
// holds the catalog; the decider stays pure.
export const cartQuantitySchema = z.number().int();
export const addItemDataSchema = z.object({ sku: skuSchema, quantity: cartQuantitySchema });
export const changeQuantityDataSchema = z.object({ quantity: cartQuantitySchema });

type Owned<Data> = Data & { customerId: string };
export type AddItem = Command<'AddItem', Owned<{ sku: string; quantity: number }>>;
export type ChangeQuantity = Command<'ChangeQuantity', Owned<{ sku: string; quantity: number }>>;
export type RemoveItem = Command<'RemoveItem', Owned<{ sku: string }>>;
/**
 * `orderId` is the order just placed with `lines` (derived from the customer and the
 * Idempotency-Key, so a repeat names the same order); `addressId` one of the customer's addresses.
 */
export type CheckOut = Command<
  'CheckOut',
  Owned<{ orderId: string; addressId: string; lines: CartLine[] }>
>;
export type CartCommand = AddItem | ChangeQuantity | RemoveItem | CheckOut;
