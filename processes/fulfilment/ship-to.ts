import { z } from 'zod';
import type { ShipTo } from '../../domain/order/ship-to.ts';
import type { Erased, PiiVault } from '../../infra/pii/vault.ts';
import type { ShippingAddress } from '../ports/carrier.ts';

/** The label's fields of an address as the account sealed it; the rest (its label) stays out. */
const shippingAddressSchema = z.object({
  recipient: z.string().min(1),
  line1: z.string().min(1),
  line2: z.string().optional(),
  postalCode: z.string().min(1),
  city: z.string().min(1),
  region: z.string().optional(),
  country: z.string().regex(/^[A-Z]{2}$/),
  phone: z.string().optional(),
});

/**
 * Opens an order's ship-to for the carrier, or answers erased once the customer's key is gone.
 * The address exists in clear only for the length of one shipment request.
 */
export type ShipToOpener = (
  customerId: string,
  shipTo: ShipTo,
) => Promise<ShippingAddress | Erased>;

export const shipToOpener =
  (vault: Pick<PiiVault, 'openerFor'>): ShipToOpener =>
  async (customerId, { address }) => {
    const opened = (await vault.openerFor(customerId)).open(address);
    if (typeof opened !== 'string') return opened;
    const { recipient, line1, line2, postalCode, city, region, country, phone } =
      shippingAddressSchema.parse(JSON.parse(opened));
    return { recipient, line1, line2, postalCode, city, region, country, phone };
  };
