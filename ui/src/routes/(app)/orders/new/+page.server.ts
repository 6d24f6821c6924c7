import { fail, redirect } from '@sveltejs/kit';
import * as z from 'zod/mini';
import { productSchema } from '#lib/schemas/catalog.ts';
import { ApiError, apiFor } from '#lib/server/api.ts';
import { actionFailure, pageFailure, requireCapability } from '#lib/server/guard.ts';
import { rememberWrite } from '#lib/server/read-your-writes.ts';
import type { Actions, PageServerLoad } from './$types';

const maxQuantity = 1000;

export const load: PageServerLoad = async (event) => {
  requireCapability(event, 'placeOrders');
  try {
    const { body } = await apiFor(event).json(z.array(productSchema), '/api/products');
    // One key per visit of this page: a double submit or a retry places the order once.
    return { products: body, maxQuantity, idempotencyKey: crypto.randomUUID() };
  } catch (cause) {
    return pageFailure(event, cause);
  }
};

const placedSchema = z.object({ orderId: z.string() });

export const actions: Actions = {
  place: async (event) => {
    requireCapability(event, 'placeOrders');
    const form = await event.request.formData();
    const lines: { sku: string; quantity: number }[] = [];
    const quantities: Record<string, string> = {};
    for (const [name, value] of form) {
      if (!name.startsWith('qty:') || typeof value !== 'string') continue;
      const sku = name.slice(4);
      quantities[sku] = value;
      if (value.trim() === '' || value.trim() === '0') continue;
      const quantity = Number(value);
      if (!Number.isInteger(quantity) || quantity < 0 || quantity > maxQuantity) {
        return fail(400, {
          form: 'place',
          message: `Quantities are whole numbers from 0 to ${maxQuantity}.`,
          quantities,
        });
      }
      lines.push({ sku, quantity });
    }
    if (lines.length === 0) {
      return fail(400, { form: 'place', message: 'Choose at least one product.', quantities });
    }
    const key = form.get('idempotencyKey');
    let placed;
    try {
      const response = await apiFor(event).json(placedSchema, '/api/orders', {
        method: 'POST',
        body: { lines },
        headers:
          typeof key === 'string' && /^[\w-]{8,64}$/.test(key) ? { 'idempotency-key': key } : {},
      });
      placed = { orderId: response.body.orderId, position: response.headers.get('x-log-position') };
    } catch (cause) {
      if (cause instanceof ApiError && cause.status === 422) {
        return fail(422, { form: 'place', message: cause.message, quantities });
      }
      return actionFailure(event, cause, 'place');
    }
    // The order page reads its own write: it waits for the read model to reach this position.
    const page = `/orders/${encodeURIComponent(placed.orderId)}`;
    const commit = placed.position?.split('/')[0];
    if (commit !== undefined && /^\d+$/.test(commit)) rememberWrite(event.cookies, page, commit);
    redirect(303, page);
  },
};
