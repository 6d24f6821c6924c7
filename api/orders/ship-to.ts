import { z } from 'zod';
import { shipToSchema, type ShipTo } from '../../domain/order/ship-to.ts';
import type { Erased, Opener } from '../../infra/pii/vault.ts';
import { addressSchema, erasedSchema, type Address } from '../customers/schemas.ts';

// An order's ship-to is stored sealed under its customer's key; every read that shows it opens
// it here, for a caller the route already allowed to see the order, or reads `{ erased: true }`.

/** The customer's key, to open what is sealed under it; absent where accounts are off. */
export type OpenerOf = (customerId: string) => Promise<Opener>;

export const shipToViewSchema = z.object({
  addressId: z.string(),
  address: z.union([addressSchema, erasedSchema]),
});
export type ShipToView = z.infer<typeof shipToViewSchema>;

const openAddress = (opener: Opener, shipTo: ShipTo): Address | Erased => {
  const text = opener.open(shipTo.address);
  // Sealed by the account from a checked body; read back through the same schema all the same.
  return typeof text === 'string' ? addressSchema.parse(JSON.parse(text)) : text;
};

/** The view with its ship-to opened; without a key store it cannot be shown, so it is left out. */
export const shownOrder = async <V extends { customerId: string; shipTo?: ShipTo }>(
  view: V,
  openerOf: OpenerOf | undefined,
): Promise<Omit<V, 'shipTo'> & { shipTo?: ShipToView }> => {
  const { shipTo, ...rest } = view;
  if (shipTo === undefined || openerOf === undefined) return rest;
  const address = openAddress(await openerOf(view.customerId), shipTo);
  return { ...rest, shipTo: { addressId: shipTo.addressId, address } };
};

/**
 * Every ship-to anywhere in a JSON value (an event's data, an order's state) opened with one
 * customer's opener; everything else as it was. Without an opener the envelopes stay as stored.
 */
export const openShipTos = (value: unknown, opener: Opener | undefined): unknown => {
  if (opener === undefined || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => openShipTos(item, opener));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      const shipTo = key === 'shipTo' ? shipToSchema.safeParse(item) : undefined;
      if (shipTo?.success !== true) return [key, openShipTos(item, opener)];
      return [key, { addressId: shipTo.data.addressId, address: openAddress(opener, shipTo.data) }];
    }),
  );
};
