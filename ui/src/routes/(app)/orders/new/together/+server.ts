import { error } from '@sveltejs/kit';
import { ApiError, apiFor } from '#lib/server/api.ts';
import { requireCapability } from '#lib/server/guard.ts';
import { asked, shown, suggestionsSchema, type Suggestion } from './schema.ts';
import type { RequestHandler } from './$types';

const skuPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * "Often bought together" for the skus in the cart (`?sku=…&sku=…`): the browser asks here as the
 * cart changes, and this server asks the API with the user's token, which never reaches the
 * browser. Each sku's suggestions are merged, best score first, none already in the cart.
 */
export const GET: RequestHandler = async (event) => {
  requireCapability(event, 'placeOrders');
  const cart = event.url.searchParams.getAll('sku');
  if (cart.length === 0 || cart.some((sku) => !skuPattern.test(sku)))
    error(400, 'skus of the cart are needed');
  const api = apiFor(event);
  const answers = await Promise.all(
    cart.slice(-asked).map(async (sku) => {
      try {
        const { body } = await api.json(suggestionsSchema, '/api/recommendations', {
          query: { sku, limit: shown + cart.length },
        });
        return body.items;
      } catch (cause) {
        // A product gone from the catalog has nothing to suggest; the others still do.
        if (cause instanceof ApiError && cause.status === 404) return [];
        if (cause instanceof ApiError) error(cause.status, cause.message);
        throw cause;
      }
    }),
  );
  const best = new Map<string, Suggestion>();
  for (const item of answers.flat()) {
    const known = best.get(item.sku);
    if (!cart.includes(item.sku) && (known === undefined || known.score < item.score))
      best.set(item.sku, item);
  }
  const items = [...best.values()].sort((a, b) => b.score - a.score).slice(0, shown);
  return Response.json({ items }, { headers: { 'cache-control': 'no-store' } });
};
