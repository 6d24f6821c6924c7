import { fail, redirect } from '@sveltejs/kit';
import * as z from 'zod/mini';
import { productSchema } from '#lib/schemas/catalog.ts';
import { apiFor } from '#lib/server/api.ts';
import { actionFailure, pageFailure, requireCapability } from '#lib/server/guard.ts';
import { rememberWrite } from '#lib/server/read-your-writes.ts';
import type { Actions, PageServerLoad } from './$types';
import { addressesSchema, cartSchema, maxCartQuantity } from './schema.ts';

const catalogSchema = z.object({ items: z.array(productSchema) });

export const load: PageServerLoad = async (event) => {
  requireCapability(event, 'placeOrders');
  try {
    const api = apiFor(event);
    const [cart, addresses, catalog] = await Promise.all([
      api.json(cartSchema, '/api/cart'),
      api.json(addressesSchema, '/api/customers/me/addresses'),
      api.json(catalogSchema, '/api/products', { query: { limit: 50 } }),
    ]);
    return {
      cart: cart.body,
      addresses: addresses.body.items,
      products: catalog.body.items,
      maxQuantity: maxCartQuantity,
      // One key per visit: a double submit or a retry checks out once.
      idempotencyKey: crypto.randomUUID(),
    };
  } catch (cause) {
    return pageFailure(event, cause);
  }
};

const skuOf = (form: FormData): string | undefined => {
  const sku = form.get('sku');
  return typeof sku === 'string' && /^[A-Za-z0-9][\w.-]{0,63}$/.test(sku) ? sku : undefined;
};
const quantityOf = (form: FormData): number | undefined => {
  const quantity = Number(form.get('quantity'));
  return Number.isInteger(quantity) && quantity >= 1 && quantity <= maxCartQuantity
    ? quantity
    : undefined;
};
const badQuantity = { message: `Quantities are whole numbers from 1 to ${maxCartQuantity}.` };

/** Sends one change to the cart; a refusal is shown beside the cart, the page stays. */
const change = async (
  event: Parameters<Actions[string]>[0],
  path: string,
  method: 'POST' | 'PATCH' | 'DELETE',
  body?: unknown,
) => {
  try {
    await apiFor(event).json(cartSchema, path, { method, ...(body === undefined ? {} : { body }) });
  } catch (cause) {
    return actionFailure(event, cause, 'cart');
  }
  return { form: 'cart' };
};

export const actions: Actions = {
  add: async (event) => {
    requireCapability(event, 'placeOrders');
    const form = await event.request.formData();
    const sku = skuOf(form);
    const quantity = quantityOf(form);
    if (sku === undefined || quantity === undefined)
      return fail(400, { form: 'cart', ...badQuantity });
    return change(event, '/api/cart/items', 'POST', { sku, quantity });
  },
  change: async (event) => {
    requireCapability(event, 'placeOrders');
    const form = await event.request.formData();
    const sku = skuOf(form);
    const quantity = quantityOf(form);
    if (sku === undefined || quantity === undefined)
      return fail(400, { form: 'cart', ...badQuantity });
    return change(event, `/api/cart/items/${encodeURIComponent(sku)}`, 'PATCH', { quantity });
  },
  remove: async (event) => {
    requireCapability(event, 'placeOrders');
    const sku = skuOf(await event.request.formData());
    if (sku === undefined) return fail(400, { form: 'cart', message: 'No product.' });
    return change(event, `/api/cart/items/${encodeURIComponent(sku)}`, 'DELETE');
  },
  checkout: async (event) => {
    requireCapability(event, 'placeOrders');
    const form = await event.request.formData();
    const addressId = form.get('addressId');
    // Standard unless the customer chose otherwise; the API refuses anything but the two levels.
    const serviceLevel = form.get('serviceLevel') === 'express' ? 'express' : 'standard';
    const key = form.get('idempotencyKey');
    if (typeof addressId !== 'string' || addressId === '')
      return fail(400, { form: 'checkout', message: 'Choose an address to send the order to.' });
    if (typeof key !== 'string' || !/^[\w-]{8,64}$/.test(key))
      return fail(400, { form: 'checkout', message: 'Reload the page and check out again.' });
    let placed;
    try {
      const response = await apiFor(event).json(
        z.object({ orderId: z.string() }),
        '/api/cart/checkout',
        {
          method: 'POST',
          body: { addressId, serviceLevel },
          headers: { 'idempotency-key': key },
        },
      );
      placed = { orderId: response.body.orderId, position: response.headers.get('x-log-position') };
    } catch (cause) {
      return actionFailure(event, cause, 'checkout');
    }
    // The order page reads its own write: it waits for the read model to reach this position.
    const page = `/orders/${encodeURIComponent(placed.orderId)}`;
    const commit = placed.position?.split('/')[0];
    if (commit !== undefined && /^\d+$/.test(commit)) rememberWrite(event.cookies, page, commit);
    redirect(303, page);
  },
};
