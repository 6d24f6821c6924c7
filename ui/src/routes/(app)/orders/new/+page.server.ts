import { fail, redirect } from '@sveltejs/kit';
import * as z from 'zod/mini';
import { productSchema } from '#lib/schemas/catalog.ts';
import { ApiError, apiFor } from '#lib/server/api.ts';
import { actionFailure, pageFailure, requireCapability } from '#lib/server/guard.ts';
import { rememberWrite } from '#lib/server/read-your-writes.ts';
import type { Actions, PageServerLoad } from './$types';

const maxQuantity = 1000;

const catalogPageSchema = z.object({
  items: z.array(z.extend(productSchema, { category: z.optional(z.string()) })),
  nextCursor: z.nullable(z.string()),
});
const categoriesSchema = z.object({
  items: z.array(z.object({ category: z.string(), products: z.int() })),
});

/** The catalog's filters as the page's URL carries them (a GET form), passed on to the API. */
const filtersOf = (params: URLSearchParams) => {
  const text = (name: string) => params.get(name)?.trim().slice(0, 100) ?? '';
  return { q: text('q'), category: text('category'), cursor: params.get('cursor') ?? '' };
};

export const load: PageServerLoad = async (event) => {
  requireCapability(event, 'placeOrders');
  const filters = filtersOf(event.url.searchParams);
  const searchOf = (cursor: string) =>
    new URLSearchParams(
      Object.entries({ ...filters, cursor }).filter(([, value]) => value !== ''),
    ).toString();
  const query = searchOf(filters.cursor);
  // A search form sends its empty fields too (?q=&category=): the address keeps only what says
  // something, so it reads cleanly and can be shared.
  const given = event.url.searchParams;
  if (['q', 'category', 'cursor'].some((name) => given.has(name) && given.get(name)?.trim() === ''))
    redirect(307, `${event.url.pathname}${query === '' ? '' : `?${query}`}`);
  try {
    const api = apiFor(event);
    const [page, categories] = await Promise.all([
      api.json(catalogPageSchema, `/api/products${query === '' ? '' : `?${query}`}`),
      api.json(categoriesSchema, '/api/products/categories'),
    ]);
    return {
      products: page.body.items,
      /** The query string of the next page, or null on the last. */
      nextSearch: page.body.nextCursor === null ? null : searchOf(page.body.nextCursor),
      categories: categories.body.items,
      filters,
      maxQuantity,
      // One key per visit of this page: a double submit or a retry places the order once.
      idempotencyKey: crypto.randomUUID(),
    };
  } catch (cause) {
    return pageFailure(event, cause);
  }
};

const placedSchema = z.object({ orderId: z.string() });

/** Up to this many of a product fit in a cart line (the cart's own limit). */
const maxCartQuantity = 99;

export const actions: Actions = {
  /** The chosen quantities go into the customer's cart instead (the cart page checks out). */
  toCart: async (event) => {
    requireCapability(event, 'placeOrders');
    const form = await event.request.formData();
    const quantities: Record<string, string> = {};
    const lines: { sku: string; quantity: number }[] = [];
    for (const [name, value] of form) {
      if (!name.startsWith('qty:') || typeof value !== 'string') continue;
      quantities[name.slice(4)] = value;
      const quantity = Number(value);
      if (value.trim() === '' || quantity === 0) continue;
      if (!Number.isInteger(quantity) || quantity < 0 || quantity > maxCartQuantity)
        return fail(400, {
          form: 'place',
          message: `A cart holds 1 to ${maxCartQuantity} of a product.`,
          quantities,
        });
      lines.push({ sku: name.slice(4), quantity });
    }
    if (lines.length === 0)
      return fail(400, { form: 'place', message: 'Choose at least one product.', quantities });
    const api = apiFor(event);
    try {
      // One at a time: each adds to the cart's stream, in the order shown.
      for (const line of lines) {
        const response = await api.raw('/api/cart/items', { method: 'POST', body: line });
        if (!response.ok) throw new ApiError(response.status, await api.failure(response));
        await response.body?.cancel();
      }
    } catch (cause) {
      if (cause instanceof ApiError && cause.status === 422)
        return fail(422, { form: 'place', message: cause.message, quantities });
      return actionFailure(event, cause, 'place');
    }
    redirect(303, '/cart');
  },
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
